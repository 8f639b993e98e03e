"""What the production settings promise at the HTTP level, seen through gunicorn: HTTPS only
(redirect, HSTS), DEBUG off (the portal's own error pages), CSRF enforced with a page of our own."""


def test_plain_http_is_redirected_to_https_and_https_gets_hsts(live):
    direct = live.session()
    del direct.headers["X-Forwarded-Proto"]  # not through the TLS proxy
    response = direct.get("/piloter/")
    assert response.status_code == 301
    assert response.headers["Location"] == live.url.replace("http://", "https://") + "/piloter/"
    assert direct.get("/healthz").status_code == 200  # load balancers probe over plain HTTP

    proxied = live.session().get("/piloter/")
    assert proxied.status_code == 200
    assert "max-age=31536000" in proxied.headers["Strict-Transport-Security"]


def test_debug_is_off_and_errors_get_the_portals_pages(live):
    response = live.session().get("/finns-inte/")
    assert response.status_code == 404
    assert "Preventionsportalen" in response.text
    assert "Traceback" not in response.text and "URLconf" not in response.text


def test_a_form_without_its_csrf_token_is_refused_with_our_page(live):
    session = live.session()
    session.get("/konto/logga-in/")  # the CSRF cookie, but not the form's token
    response = session.post("/konto/logga-in/", data={"username": "a@b.se", "password": "x"})
    assert response.status_code == 403
    assert "Formuläret gick inte att skicka" in response.text
    assert "<style" not in response.text  # Django's default page has inline CSS our CSP blocks

    foreign = live.session()
    token = foreign.csrf_token("/konto/logga-in/")
    response = foreign.post(
        "/konto/logga-in/",
        data={"csrfmiddlewaretoken": token, "username": "a@b.se", "password": "x"},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
