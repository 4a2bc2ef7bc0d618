from hrsa.core.vocabulary.people import Role


def test_start_page_offers_sign_in(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Healthy Relationships Self-Assessment" in page
    assert 'href="/sign-in"' in page


def test_school_lead_lands_on_their_assessment(client, factory, sign_in):
    lead = factory.user(Role.SCHOOL_LEAD)
    sign_in(lead.email)
    response = client.get("/")
    assert response.headers["Location"].endswith("/assessment")
