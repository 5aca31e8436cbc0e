"""Browser journeys: Playwright drives Debian's Chromium (/usr/bin/chromium; never `playwright install`), and axe-core
(from npm, frontend/node_modules) checks every page a journey visits against WCAG 2.2 AA."""

import pathlib

import pytest

CHROMIUM = "/usr/bin/chromium"
AXE = pathlib.Path(__file__).resolve().parent.parent / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `make test`, which installs it with npm")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Visitor:
    """A person at a browser. Every page it lands on is checked with axe; a violation fails the journey."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.checked = []
        self.policy_refusals = []  # what the Content-Security-Policy blocked: a page that needs inline script fails
        page.on("console", lambda message: self.policy_refusals.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text else None)

    def check_accessibility(self):
        assert not self.policy_refusals, "\n".join(self.policy_refusals)
        self._axe(self.page)

    def _axe(self, page):
        # Evaluated through the browser's DevTools protocol: the pages' Content-Security-Policy allows no inline script,
        # which is what add_script_tag would add.
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.evaluate(AXE.read_text())
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS
        )
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]
        ]
        assert not violations, f"axe found problems on {self.page.url}:\n" + "\n".join(violations)
        self.checked.append(self.page.url)

    def go(self, path):
        self.page.goto(self.base_url + path)
        self.check_accessibility()

    def click(self, name, role="button"):
        self.page.get_by_role(role, name=name).first.click()
        self.page.wait_for_load_state()
        self.check_accessibility()

    def fill(self, label, value):
        self.page.get_by_label(label, exact=True).fill(value)

    def choose(self, label):
        self.page.get_by_label(label, exact=True).check()

    def select(self, label, value):
        self.page.get_by_label(label, exact=True).select_option(value)

    def date(self, legend_id, day, month, year):
        self.page.fill(f"#{legend_id}_0", day)
        self.page.fill(f"#{legend_id}_1", month)
        self.page.fill(f"#{legend_id}_2", year)

    def sign_in(self, username, password="a-long-test-password"):
        """Through the real sign-in: the password, then for staff the code from their authenticator app (an app set
        up for them here, as a member of staff sets one up at their first sign-in), worked out from the app's key."""
        app = _authenticator_for(username)
        self.go("/sign-in/")
        self.fill("Sign-in name", username)
        self.fill("Password", password)
        self.click("Sign in")
        if app is not None:
            assert "Enter the 6-digit code from your authenticator app" in self.text()
            self.fill("Code from your authenticator app", _current_code(app))
            self.click("Continue")

    def sign_out(self):
        self.click("Sign out")

    def text(self):
        return self.page.inner_text("main")

    def open_dashboard(self, link, *, start, group=None):
        """From the home page: open a dashboard and show it from `start` (and for one client group)."""
        self.click(link, role="link")
        self.fill("From (YYYY-MM-DD)", start)
        if group:
            self.page.get_by_label("Client group", exact=True).select_option(label=group)
        self.click("Show")

    def follow_count(self, links):
        """Follow the first of these count links to the people behind it."""
        links.first.click()
        self.page.wait_for_load_state()
        self.check_accessibility()

    # Steps of the journey that more than one browser test takes.

    def add_support(self, what, supplier, unit, cost, units, how_often):
        """On the support plan: 'Add support to the plan' and fill in one costed item."""
        self.click("Add support to the plan", role="link")
        self.fill("What is it?", what)
        self.choose(supplier)
        self.fill("Unit", unit)
        self.fill("Cost of one unit", cost)
        self.fill("How many units", units)
        self.choose(how_often)
        self.click("Add to plan")

    def record_every_option(self, chosen, how="In conversation"):
        """On 'Organise the money and the support': each of the four options explained, and the person's decision."""
        for label in ["Council-managed budget", "Individual service fund held by a provider", "Direct payment", "A mix of these"]:
            self.click(f"Record {label}", role="link")
            self.page.get_by_role("group", name="Was it explained and offered?").get_by_label("Yes", exact=True).check()
            self.choose(how)
            self.choose("Chose it" if label == chosen else "Did not want it")
            self.click("Save")
            assert "Choice recorded" in self.text()

    def decide_eligibility(self, outcomes, *, areas=("Physical and mental health and emotional wellbeing",),
                           significant="Yes", impact="Meals are missed and they no longer go out"):
        """From the eligibility decision's first page to its check page: outcomes maps an outcome's name to
        (a meaning of "unable", the evidence)."""
        self.page.get_by_role("group", name="Do the needs arise").get_by_label("Yes", exact=True).check()
        self.click("Continue")
        for outcome, (meaning, evidence) in outcomes.items():
            group = self.page.get_by_role("group", name=outcome, exact=True)
            group.get_by_label(meaning, exact=True).check()
            self.page.get_by_label(f"Evidence for {outcome.lower()}", exact=True).fill(evidence)
        self.click("Continue")
        for area in areas:
            self.choose(area)
        self.page.get_by_role("group", name="significant impact").get_by_label(significant, exact=True).check()
        self.fill("Describe the effect on their wellbeing", impact)
        self.click("Continue")
        assert "Check the eligibility decision" in self.text()

    def choose_for_items(self, deliveries):
        """Item description (start of its label) to how its money is managed."""
        self.click("Choose for each item", role="link")
        for description, option in deliveries.items():
            self.page.get_by_role("group", name=description).get_by_label(option, exact=True).check()
        self.click("Save")

    def set_up_direct_payment(self, employs_pa=True):
        self.click("Update the checklist", role="link")
        self.choose("The person")
        self.page.get_by_label("Capacity and consent recorded", exact=False).check()
        self.date("id_agreement_signed_on", "10", "11", "2026")
        self.choose("Separate bank account")
        self.fill("Account name", "Direct payment account")
        self.fill("Sort code", "30-99-50")
        self.fill("Account number", "12345678")
        if employs_pa:
            self.page.get_by_label("Employer responsibilities", exact=False).check()
        self.page.get_by_label("A direct payment support organisation was offered", exact=True).check()
        self.click("Save")
        assert "Direct payment set-up saved" in self.text()

    def record_a_spending(self, receipt, *, day, month, year, payee="Sam Okafor", amount="120.00",
                          item="Help with personal care"):
        """From the budget holder's home: a spending with its receipt (a file), against an item of her plan."""
        self.click("Record a spending", role="link")
        self.date("id_spent_on", day, month, year)
        self.fill("Who you paid", payee)
        self.fill("Amount", amount)
        self.select("What it was for (from your plan)", item)
        self.page.set_input_files("#id_receipt", str(receipt))
        self.click("Save")

    def arrange(self, description, with_whom, day, month, year):
        self.click(f"Arrange {description}", role="link")
        self.fill("Who will provide it?", with_whom)
        self.date("id_starts_on", day, month, year)
        self.click("Save")
        assert "is arranged" in self.text()


def _authenticator_for(username):
    """The confirmed authenticator app (django-otp TOTP device) of a staff sign-in, made if it has none; None for the
    people who sign in with a password only."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from selfdirect.accounts import queries
    from selfdirect.accounts.models import User

    user = User.objects.filter(username=username).first()
    if user is None or not queries.needs_second_factor(user):
        return None
    return queries.authenticator_of(user) or TOTPDevice.objects.create(user=user, name="Browser tests' app",
                                                                       confirmed=True)


def _current_code(app) -> str:
    """The code the app shows now, as a person reads it off their phone. A code works once (django-otp keeps the last
    time step used), so a second sign-in within the same 30 seconds uses the next step's code, which the server also
    accepts (its tolerance is one step), or waits for it."""
    import time

    from django_otp.oath import hotp

    app.refresh_from_db()
    while True:
        now_step = (int(time.time()) - app.t0) // app.step + app.drift
        step = max(now_step, app.last_t + 1)
        if step <= now_step + app.tolerance:
            return f"{hotp(app.bin_key, step, digits=app.digits):0{app.digits}d}"
        time.sleep(app.step - (time.time() - app.t0) % app.step + 0.1)


@pytest.fixture
def visitor(browser, live_server, transactional_db):
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield Visitor(page, live_server.url)
    context.close()


@pytest.fixture
def phone_visitor(browser, live_server, transactional_db):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield Visitor(page, live_server.url)
    context.close()


class NoScriptVisitor(Visitor):
    """A person whose browser runs no JavaScript. axe needs script, so each page this person gets is checked by
    writing its HTML, as received, into a second page on the same origin that may run script (styles still load)."""

    def __init__(self, page, base_url, checker):
        super().__init__(page, base_url)
        self.checker = checker

    def check_accessibility(self):
        html, url = self.page.content(), self.page.url
        assert "govuk-frontend-supported" not in self.page.evaluate("document.body.className")  # no script ran
        self.checker.goto(self.base_url + "/accessibility/")
        self.checker.set_content(html)
        self._axe(self.checker)
        self.checked[-1] = url


@pytest.fixture
def no_script_visitor(browser, live_server, transactional_db):
    context = browser.new_context(viewport={"width": 1024, "height": 800}, java_script_enabled=False)
    checking = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield NoScriptVisitor(page, live_server.url, checking.new_page())
    context.close()
    checking.close()
