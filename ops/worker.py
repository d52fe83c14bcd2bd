"""What a web worker does before it takes requests (deploy/gunicorn.conf.py).

bench/pdf.py calls the same, so that it times renders as a worker makes them.
"""

import gc


def prepare_worker() -> None:
    """Make the first PDF and load the signing key now, not in a user's sign-off.

    Then move what start-up loaded (Django, WeasyPrint, fonts: some 180,000
    objects) out of the cyclic garbage collector's sight, so that its
    collections stop walking them over and over (gc.freeze).
    """
    from issues.pdf.render import warm_up
    from signatures.credentials import warm_up as load_signing_key

    warm_up()
    load_signing_key()
    gc.freeze()
