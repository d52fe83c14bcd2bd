from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    """Speak the site's language (zh-hans) unless the user chose another one.

    Unlike Django's LocaleMiddleware this ignores the browser's
    Accept-Language: an office computer set up in English still gets the
    Chinese interface; English is one click away (the language cookie).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
