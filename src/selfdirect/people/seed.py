"""Copies the shipped code lists into the database. Safe to run again: it adds what is missing and never removes a
council's own codes."""

from .code_lists import shipped_lists
from .models import Code, CodeList, ConsentInformation


def load_code_lists(code_list_model=CodeList, code_model=Code) -> int:
    added = 0
    for name, spec in shipped_lists().items():
        code_list, _ = code_list_model.objects.update_or_create(
            name=name,
            defaults={
                "title": spec["title"],
                "cld_field": spec.get("cld_field") or "",
                "official": spec["official"],
                "source": spec["source"],
            },
        )
        for position, item in enumerate(spec["codes"]):
            _, created = code_model.objects.get_or_create(
                code_list=code_list, code=item["code"], defaults={"label": item["label"], "position": position}
            )
            added += int(created)
    return added


# Version 1 of the information a person is given before they consent to each purpose (people.ConsentInformation).
# The council publishes its own words as later versions (the consent information pages); these stay as version 1,
# because each consent records the version given.
CONSENT_INFORMATION = {
    "research": (
        "The council takes part in research to improve care and support. If you agree, researchers the council has "
        "approved may use some information from your record: your age band, the area you live in, the kind of support "
        "you have and your budget. They never see your name, address, date of birth or NHS number. Each study gets a "
        "different code for you, so studies cannot be joined up, and no figure about fewer than five people is shown.\n\n"
        "Saying no does not change your care and support in any way. You can change your mind at any time by telling "
        "your social worker or adult social care. From the day you tell us, your information is left out of every "
        "study, including studies already under way.",
        "We would like to use some information about you for research.\n\n"
        "Research helps make care better for everyone.\n\n"
        "Researchers will not see your name, your address, your birthday or your NHS number.\n\n"
        "You can say yes or no. Saying no will not change your care.\n\n"
        "You can change your mind at any time. Tell your social worker.",
    ),
    "sharing": (
        "Sometimes it would help you if we shared information about your care and support with people outside the "
        "council's care team: for example a housing provider, a community group or a charity that supports you. The "
        "care team already shares what the law requires to meet your needs and keep you safe, and does not need to ask "
        "you for that. This is about anything more: we share it only if you agree, only what is needed, and we tell you "
        "who we shared it with.\n\n"
        "Saying no does not change your care and support. You can change your mind at any time by telling your social "
        "worker or adult social care, and we will not share anything more from that day.",
        "Sometimes it helps to tell other people about your care. For example, a housing office or a club.\n\n"
        "We will only tell them if you say yes.\n\n"
        "We will only tell them what they need to know.\n\n"
        "Saying no will not change your care.\n\n"
        "You can change your mind at any time. Tell your social worker.",
    ),
    "plan_examples": (
        "We keep a library of examples of support plans, to show other people and staff the different ways a budget "
        "can be used. If you agree, we will write up an example from your plan: the outcome you wanted, how it was met "
        "and what it cost. We take out your name and anything else that could show it is you.\n\n"
        "Saying no does not change your care and support. If you change your mind, tell your social worker or adult "
        "social care: your example leaves the library from that day.",
        "We would like to show other people how your plan works. This helps them plan their own support.\n\n"
        "We will not show your name or anything that says it is you.\n\n"
        "You can say yes or no. Saying no will not change your care.\n\n"
        "You can change your mind at any time. Tell your social worker.",
    ),
    "outcomes_to_helpers": (
        "Many people help you on the way to your support: the person who first took your call, the social worker who "
        "assessed you, the finance officer, the person who helped you plan, a broker or adviser, and the manager who "
        "agreed your plan. Most never hear how things went for you. If you agree, after each review we tell them how "
        "far your outcomes were met and how you said things had changed, so that they learn what works. They see only "
        "that, not the rest of your record, and only for three years after they last helped you. A story you tell at a "
        "review is shared with them only if you say so when you tell it.\n\n"
        "Saying no does not change your care and support. You can change your mind at any time by telling your social "
        "worker or adult social care: from that day they see nothing more about you.",
        "Many people helped you get your support.\n\n"
        "We would like to tell them how things went for you after each review. This helps them learn what works.\n\n"
        "They will not see the rest of your record.\n\n"
        "You can say yes or no. Saying no will not change your care.\n\n"
        "You can change your mind at any time. Tell your social worker.",
    ),
}


def load_consent_information(information_model=ConsentInformation) -> int:
    """Version 1 of each purpose's information, where the purpose has none yet. Safe to run again."""
    added = 0
    for purpose, (text, easy_read) in CONSENT_INFORMATION.items():
        if not information_model.objects.filter(purpose=purpose).exists():
            information_model.objects.create(purpose=purpose, version=1, text=text, easy_read_text=easy_read)
            added += 1
    return added
