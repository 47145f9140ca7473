"""The English catalogue; any key missing here falls back to French."""

MESSAGES: dict[str, str] = {
    "form.skip": "Skip",
    "form.not_given": "not given",
    "form.current_value": "Current answer: {value}",
    "form.keep": "Keep the current answer",
    "form.confirm": "Confirm",
    "form.edit": "Edit",
    "form.cancel": "Cancel",
    "form.back_to_recap": "Back to the summary",
    "form.pick_field": "Which answer do you want to change?",
    "input.media_not_supported": (
        "I cannot read photos, voice notes, stickers or files. Please answer in writing."
    ),
    "input.choice_not_valid": "This choice does not belong to the current question.",
    "input.empty": "Your message is empty.",
    "input.pick_a_choice": "I did not understand. Pick an answer below, or type its number.",
    "input.too_short": "That is a bit short ({length} characters): write at least {minimum}.",
    "input.too_long": (
        "Your text is {length} characters long, the maximum is {maximum}. "
        "Shorten it and send it again: nothing was saved."
    ),
    "input.too_long_continuation": (
        "This looks like the rest of the previous text, which was too long: nothing was saved. "
        "Send a shorter text (4,000 characters at most) in one message."
    ),
    "input.identifier_nir": (
        "Your text seems to contain a social security number (NIR). To protect the patient it "
        "was not saved. Please rephrase without any patient identifier."
    ),
    "input.identifier_name_birth_date": (
        "Your text seems to contain a patient's name and birth date. To protect the patient it "
        'was not saved. Please rephrase (for instance "an 80-year-old patient").'
    ),
    "input.stale": "This choice is no longer valid. Here is where we are:",
    "input.stale_notice": "This choice is no longer valid.",
    "declare.ask_type": "New report (REX). What kind of event is it?",
    "declare.label_type": "Type",
    "declare.ask_date": "When did it happen? Tap a button or type a date (e.g. 12/11/2026).",
    "declare.label_date": "Date",
    "declare.today": "Today",
    "declare.yesterday": "Yesterday",
    "declare.date_unreadable": "I could not read this date. Type it like 12/11 or 12/11/2026.",
    "declare.date_future": "This date is in the future: tell me when the event happened.",
    "declare.date_too_old": "This date is more than 5 years ago: please check the year.",
    "declare.ask_facts": (
        "What happened? Describe the facts in the order they occurred, without interpretation "
        "(20 to 4,000 characters). No patient name or identifier."
    ),
    "declare.label_facts": "Facts",
    "declare.ask_why": "Why did it happen, in your view? (optional)",
    "declare.label_why": "Causes",
    "declare.ask_learned": (
        "What did you learn, or what do you expect from the quality cell? (optional)"
    ),
    "declare.label_learned": "Lessons and expectations",
    "declare.ask_gravity": (
        "Did the patient suffer serious harm: death, life threatened, or lasting harm?"
    ),
    "declare.label_gravity": "Serious harm",
    "declare.gravity_yes": "Yes",
    "declare.gravity_no": "No",
    "declare.ask_anonymity": (
        "Should the cell member who takes your report know who you are? If you stay anonymous, "
        "every exchange goes through the bot."
    ),
    "declare.label_anonymity": "Identity",
    "declare.anonymity_reveal": "Reveal my identity",
    "declare.anonymity_anonymous": "Stay anonymous",
    "declare.anonymity_reveal_recap": "shared with the cell member who follows your report",
    "declare.anonymity_anonymous_recap": "anonymous (exchanges go through the bot)",
    "declare.ask_contact": "How can the cell reach you?",
    "declare.label_contact": "Contact",
    "declare.contact_phone": "By phone",
    "declare.contact_message": "By message only",
    "declare.ask_phone": "Which number? (e.g. 06 12 34 56 78)",
    "declare.label_phone": "Phone",
    "declare.phone_invalid": "This does not look like a valid French number (e.g. 06 12 34 56 78).",
    "declare.ask_slot": "When would you rather be called? (button or free text)",
    "declare.label_slot": "Time slot",
    "declare.slot_morning": "Morning (8–12)",
    "declare.slot_noon": "Lunchtime (12–14)",
    "declare.slot_afternoon": "Afternoon (14–18)",
    "declare.slot_evening": "Early evening (18–20)",
    "declare.slot_any": "Any time",
    "declare.recap_title": "Summary of your report. Is everything right?",
    "declare.confirmed": (
        "Thank you! Your report is saved as {reference}.\n"
        "A member of the quality cell will take it in charge and keep you informed. "
        "This process is kind and never punitive."
    ),
    "declare.confirmed_eigs": (
        "Thank you! Your report is saved as {reference}.\n"
        "You reported serious harm: this may be a serious adverse event (EIGS) to be declared "
        "to the authorities. The quality cell will help you with it."
    ),
    "declare.cancelled": "Report abandoned: nothing was saved.",
    "declare.confirmed_waiting": (
        "Thank you! Your report is saved as {reference}.\n"
        "The quality cell has been told and will handle it; you will hear as soon as a member "
        "takes it in charge. This process is kind and never punitive."
    ),
    "enroll.hello": "Hello {name}, welcome! One last question to finish your enrollment.",
    "enroll.welcome": "Welcome {name}, you are enrolled.",
    "enroll.already_enrolled": "You are already enrolled, {name}.",
    "enroll.ask_profession": "What is your profession?",
    "enroll.label_profession": "Profession",
    "enroll.ask_profession_other": "Type your profession.",
    "enroll.profession_later": "Fine, you can give your profession later.",
    "profession.medecin_generaliste": "General practitioner",
    "profession.infirmier": "Nurse",
    "profession.pharmacien": "Pharmacist",
    "profession.masseur_kinesitherapeute": "Physiotherapist",
    "profession.orthophoniste": "Speech therapist",
    "profession.sage_femme": "Midwife",
    "profession.psychologue": "Psychologist",
    "profession.travailleur_social": "Social worker",
    "profession.autre": "Other",
    "error.internal": (
        "Sorry, a technical error occurred: your last message was not taken into account. "
        "Please try again in a moment."
    ),
    "card.when": "{date} at {time}",
    "journal.relayed": "[{reference}] {author}: {text}",
    "journal.line": "{when} — {who}: {text}",
    "menu.prompt": "What would you like to do?",
    "menu.hello": "Hello {name}!",
    "menu.declare": "Report a REX",
    "menu.my_cases": "My reports",
    "menu.help": "Help",
    "my_cases.none": "You have not made any report yet.",
    "my_cases.title": "Your reports ({count}):",
    "my_cases.line": "• {reference} — {date} — {type} — {status}",
    "status.declared": "reported, waiting to be taken in charge",
    "status.assigned": "assigned to a cell member",
    "status.in_progress": "in progress",
    "status.resolved": "resolved",
    "status.unresolved": "closed, unresolved",
    "status.withdrawn": "withdrawn",
    "idle.not_understood": "I did not understand your message.",
    "idle.media": "I cannot read photos, voice notes, stickers or files.",
    "command.declarer": "Report an experience (REX)",
    "command.mes_declarations": "My reports and their follow-up",
    "command.aide": "Help",
    "command.annuler": "Leave the current form",
    "command.langue": "Change language",
    "command.unknown": "There is no /{command} command.",
    "command.nothing_to_cancel": "There is nothing to cancel.",
    "help.general": (
        "rexbot lets you report an experience (REX) to your CPTS quality cell, in a kind, "
        "non-punitive way.\n\n"
        "/declarer — report a REX\n/mes_declarations — your reports\n"
        "/annuler — leave the current form\n/langue — change language\n/aide — this message\n\n"
        "Answer with the buttons, or type a choice's number or text. Never give a patient's "
        "name, birth date or social security number."
    ),
    "help.declare": (
        "You are writing a report. Answer the question below; you can review and fix everything "
        "before confirming. /annuler leaves without saving anything."
    ),
    "help.enroll": "You are finishing your enrollment. Pick your profession below, or /annuler.",
    "leave.ask_declare": "You have a report in progress. Leave it? Anything unconfirmed is lost.",
    "leave.ask_enroll": "You have not picked your profession yet. Move on?",
    "leave.yes": "Leave",
    "leave.no": "Continue",
    "language.ask": "Choose your language:",
    "language.set": "Done: I will speak English with you.",
    "draft.reminder_declare": "You started a report without finishing it. Resume it?",
    "draft.reminder_enroll": "Your enrollment is not quite finished. Resume it?",
    "draft.resume": "Resume",
    "draft.drop": "Abandon",
}
