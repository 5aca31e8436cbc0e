"""A commissioner runs the Client Level Data return; a team manager reads take-up and drills down."""


def test_a_commissioner_checks_and_downloads_the_client_level_data_return(visitor, council):
    council.live_person()
    v = visitor
    v.sign_in("commissioner")
    v.click("Client Level Data return", role="link")
    v.click("Check and download the return")
    assert "Enter the date the period starts" in v.text()
    v.date("id_start", "1", "1", "2026")
    v.date("id_end", "31", "3", "2026")
    with v.page.expect_download() as download:
        v.page.get_by_role("button", name="Check and download the return").click()
    path = download.value.path()
    text = open(path, encoding="utf-8").read()
    assert text.startswith("LA Code,Reporting Period Start Date") and "EX000001" in text


def test_a_team_manager_reads_take_up_and_drills_down_to_the_people(visitor, council):
    council.live_person()
    v = visitor
    v.sign_in("manager")
    v.open_dashboard("Take-up", start="2020-01-01")
    assert "New personal budgets by month and delivery option" in v.text()
    v.follow_count(v.page.locator("table a"))
    assert "The people behind this figure" in v.text() and "Elsie Evans" in v.text()


def test_a_commissioner_reads_journey_times(visitor, council):
    council.live_person()
    v = visitor
    v.sign_in("commissioner")
    v.open_dashboard("Journey times", start="2026-01-01")
    assert "Median days for each stage" in v.text() and "North locality team" in v.text()
    assert "Where open cases wait now" in v.text() and "The people behind this figure" not in v.text()  # figures only
    v.click("Export to Excel for sharing outside the council")  # on the task worker: the job's page links the workbook
    assert "an Excel workbook of 2 tables for sharing outside the council" in v.text()
    with v.page.expect_download() as download:
        v.page.get_by_role("link", name="Download the workbook").click()
    from openpyxl import load_workbook

    assert download.value.suggested_filename.endswith("-shared.xlsx")
    book = load_workbook(open(download.value.path(), "rb"))
    assert book.sheetnames == ["Contents", "Journey times by team", "Where open cases wait now"]  # 31 characters at most
    assert "Median days for each stage, by team" in [row[1] for row in book["Contents"].iter_rows(values_only=True) if len(row) > 1]


def test_a_team_manager_reads_who_was_offered_what(visitor, council):
    council.live_person()
    v = visitor
    v.sign_in("manager")
    v.open_dashboard("Choice offered: groups", start="2020-01-01", group="Older people")
    assert "Options offered, per team and worker" in v.text() and "at equal needs" in v.text()
    v.follow_count(v.page.get_by_role("table", name="Direct payments offered by client group, at equal needs").get_by_role("link"))
    assert "The people behind this figure" in v.text() and "Elsie Evans" in v.text()


def test_a_commissioner_reads_the_money(visitor, council):
    council.live_person()
    v = visitor
    v.sign_in("commissioner")
    v.click("Money", role="link")
    assert "Average weekly budgets by client group" in v.text() and "Surplus held" in v.text()
