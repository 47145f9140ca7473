"""The English catalogue; any key missing here falls back to French."""

MESSAGES: dict[str, str] = {
    # Discretion on Telegram (REXBOT_TELEGRAM_DETAILS=reference)
    "details.hidden": "🔒",
    "details.sent_to_secure_mail": "🔒 Details sent to your secure mail.",
    "details.link_secure_mail": (
        "🔒 The details of a case do not go over Telegram. To receive them, link your secure "
        "mail (MSSanté): /canal, then “Link another channel”."
    ),
    "details.declarant_notice": (
        "🔒 What you write here goes over Telegram, which is not a health-data host: you do so "
        "by your own choice. Put nothing that identifies the patient; the cell receives the "
        "details in its secure mail."
    ),
    "details.startup_full": (
        "Warning: REXBOT_TELEGRAM_DETAILS=full, the text of cases (facts, messages, outcomes, "
        "numbers) goes over Telegram, which is not a health-data host. Configure the secure "
        "mail gateway (REXBOT_MAIL_ADDRESS) and REXBOT_TELEGRAM_DETAILS=reference so that "
        "only the reference, type, date and deadlines go there."
    ),
    "details.startup_reference_no_mail": (
        "REXBOT_TELEGRAM_DETAILS=reference without a mail gateway (REXBOT_MAIL_ADDRESS): "
        "nobody will be able to read the details of cases."
    ),
    # Forms
    "form.skip": "Skip",
    "form.not_given": "not given",
    "form.current_value": "Current answer: {value}",
    "form.keep": "Keep the current answer",
    "form.confirm": "Confirm",
    "form.edit": "Edit",
    "form.cancel": "Cancel",
    "form.back_to_recap": "Back to the summary",
    "form.pick_field": "Which answer do you want to change?",
    # Unexpected input
    "input.media_not_supported": (
        "I cannot read photos, voice notes, stickers or files. Please answer in writing."
    ),
    "input.choice_not_valid": "This choice does not belong to the current question.",
    "input.empty": "Your message is empty.",
    "input.pick_a_choice": "I did not understand. Pick an answer below, or type its number.",
    "input.too_short": (
        "That is a bit short: write at least {minimum} characters (you wrote {length})."
    ),
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
    "input.identifier_email": (
        "Your text seems to contain an e-mail address. Nobody's contact details (patient, "
        "relative or professional) belong in this text: it was not saved. Please rephrase "
        "without the address."
    ),
    "input.identifier_phone": (
        "Your text seems to contain a phone number. Nobody's contact details (patient, "
        "relative or professional) belong in this text: it was not saved. Please rephrase "
        "without the number. To be called back, the report asks for your number separately."
    ),
    "input.stale": "This choice is no longer valid. Here is where we are:",
    "input.stale_notice": "This choice is no longer valid.",
    # Reporting
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
    "declare.confirmed_waiting": (
        "Thank you! Your report is saved as {reference}.\n"
        "The quality cell has been told and will handle it; you will hear as soon as a member "
        "takes it in charge. This process is kind and never punitive."
    ),
    "declare.confirmed_eigs": (
        "Thank you! Your report is saved as {reference}.\n"
        "You reported serious harm: this may be a serious adverse event (EIGS) to be declared "
        "to the authorities. The quality cell will help you with it."
    ),
    "declare.cancelled": "Report abandoned: nothing was saved.",
    # Enrolment
    "enroll.not_enrolled": (
        "Hello! This service is for CPTS professionals only. To use it, ask your CPTS coordinator "
        "for an invitation, then open the link you receive (or send /start followed by the code)."
    ),
    "enroll.coordinator_contact": "Coordination contact: {contact}",
    "enroll.code_unknown": (
        "This invitation code is not recognised. Check it, or ask your CPTS coordinator for a new "
        "invitation."
    ),
    "enroll.code_used": (
        "This invitation code has already been used. Ask your CPTS coordinator for a new "
        "invitation."
    ),
    "enroll.code_expired": (
        "This invitation code has expired. Ask your CPTS coordinator for a new invitation."
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
    # Absences of cell members
    "absence.ask_start": "Absence: from when? (button, or a date such as 24/11)",
    "absence.label_start": "Start",
    "absence.ask_end": "Until when, inclusive? (e.g. 28/11 or 3/12)",
    "absence.label_end": "End",
    "absence.today": "Today",
    "absence.tomorrow": "Tomorrow",
    "absence.recorded": (
        "Noted: you are away from {start} to {end} inclusive. No new case will be given to you "
        "during this time. /disponible to cancel it."
    ),
    "absence.cancelled": "Fine, no absence was recorded.",
    "absence.date_unreadable": "I could not read this date.",
    "absence.date_past": "This date has already passed: an absence is set for today or later.",
    "absence.date_too_far": "This date is more than a year away: please check it.",
    "absence.end_before_start": "The end is before the start: please check the dates.",
    "absence.examples": (
        "Examples: /absent 24/11-28/11, /absent 28/11 (a single day), or just /absent to be guided."
    ),
    "absence.cell_only": "This command is for quality cell members only.",
    "absence.back": "Noted: you are available to receive cases again.",
    "absence.was_available": "You were already available: no absence was planned.",
    "absence.was_available_now": "You are available today.",
    "absence.planned": "Planned absences (a button cancels one of them):",
    "absence.planned_line": "• from {start} to {end}",
    "absence.cancel_button": "Cancel {start}–{end}",
    "absence.planned_cancelled": "Noted: the absence from {start} to {end} is cancelled.",
    "absence.already_cancelled": "This absence is no longer planned.",
    "leave.ask_absence": "You have not finished entering your absence. Move on?",
    "help.absence": "Give the dates of your absence, or /annuler.",
    "draft.reminder_absence": "You have not finished entering your absence. Resume it?",
    # Case cards (quality cell, lead)
    "card.header_offer": "New case for you: {reference}. Please answer by {deadline}.",
    "card.header_pilot_eigs": (
        "⚠️ {reference}: serious harm reported, possible serious adverse event (EIGS)."
    ),
    "card.header_pilot_escalated": (
        "{reference}: no cell member has taken this case. You can assign it."
    ),
    "card.header_pilot_nobody": (
        "{reference}: no cell member is available for this case. You can assign it."
    ),
    "card.when": "{date} at {time}",
    "card.header_pilot_still": (
        "{reference} has still not been taken in charge by anyone. You can assign it."
    ),
    "card.type": "Type: {value}",
    "card.date": "Date: {value}",
    "card.eigs": "⚠️ Serious harm reported: possible EIGS",
    "card.facts": "Facts: {value}",
    "card.why": "Causes: {value}",
    "card.learned": "Lessons and expectations: {value}",
    "card.contact_anonymous": "Contact: anonymous reporter, exchanges through the bot only",
    "card.contact_message": "Contact: {who}, by message through the bot",
    "card.contact_phone": "Contact: {who}, on {phone} ({slot})",
    "card.claim": "I'll take it",
    "card.decline": "I can't",
    "card.full": "See all",
    "card.assign": "Assign",
    "card.full_title": "{reference}, in full:",
    "card.claimed_yours": "✅ You have taken {reference} in charge.",
    "card.next_step": (
        "Thank you! You now follow {reference}. Next step: contact the person who reported it. "
        "Tell me when it is done:"
    ),
    "card.declined_yours": "{reference}: you declined, thank you for saying so; the case goes on.",
    "card.expired_yours": (
        "{reference}: with no answer in time, the case was offered to another member."
    ),
    "card.decline_reason": "If you wish, tell us why you cannot take {reference} (optional):",
    "card.reason_absent": "Away",
    "card.reason_busy": "Too many open cases",
    "card.reason_conflict": "I know the people involved",
    "card.reason_other": "Other reason",
    "card.reason_recorded": "Thank you, noted.",
    "card.reminder": (
        "Reminder: {reference} is waiting for your answer, with the buttons on its card above."
    ),
    "card.taken_by": "{reference} has been taken in charge by {who}.",
    "card.already_yours": "You have already taken {reference} in charge.",
    "card.closed": "{reference} is closed.",
    "card.no_longer_offered": "{reference} is no longer offered to you.",
    "card.not_for_you": "This button is not meant for you.",
    "card.unknown_case": "I cannot find this case.",
    "card.pilot_only": "This action is for the quality cell lead only.",
    "card.already_handled": "{reference} is already taken in charge or closed.",
    "card.absent": ", away",
    "card.assignee": "{name} ({cases} cases{note})",
    "card.no_cell_member": "No quality cell member is enrolled.",
    "card.pick_assignee": "Who should take {reference}?",
    "card.assigned_by_hand": "{reference} is offered to {name}, who must confirm it.",
    "card.assign_usage": "Give the case reference, for example: /assigner REX-2026-0042",
    "card.declarant_taken_message": (
        "Good news: your report {reference} has been taken in charge by a quality cell member "
        "({who}). They will write to you here, through the bot."
    ),
    "card.declarant_taken_phone": (
        "Good news: your report {reference} has been taken in charge by a quality cell member "
        "({who}). They will call you in the time slot you gave."
    ),
    # First contact with the reporter
    "contact.call": "Call made",
    "contact.message": "Message sent",
    "contact.unreachable": "Unreachable",
    "contact.recorded": "Noted: the first contact for {reference} is recorded. Thank you!",
    "contact.ask_retry": (
        "{reference}: when should you try again? Pick one, or type a day (e.g. 3/12)."
    ),
    "contact.retry_not_today": "Pick a day to come (from tomorrow on):",
    "contact.retry_1": "Next working day",
    "contact.retry_2": "In 2 working days",
    "contact.retry_5": "In a week",
    "contact.retry_set": "Fine: I will remind you on {date} about {reference}.",
    "contact.reminder": (
        "Reminder: no first contact is recorded yet for {reference}. Tell me when it is done:"
    ),
    "contact.pilot_alert": (
        "{reference}: taken in charge by {who}, but no first contact was recorded in the expected "
        "time."
    ),
    # Exchange log
    "journal.no_files": (
        "Files and photos are not accepted here: no patient document may go through this channel. "
        "Describe it in writing, without identifying the patient."
    ),
    "journal.which_case": "Which case is this message about?",
    "journal.not_about_a_case": "None",
    "journal.not_sent": "Fine, this message was not passed on to anyone.",
    "journal.not_a_party": "You cannot write about {reference}.",
    "journal.declarant": "Reporter",
    "journal.cell_member": "Quality cell ({who})",
    "journal.kept_until_taken": (
        "Message added to the log of {reference}. It will be read by the cell member who takes "
        "your report in charge."
    ),
    "journal.sent_to_member": "Passed on to the cell member who follows {reference}.",
    "journal.sent_to_declarant": "Passed on to the person who reported {reference}.",
    "journal.writing_to_member": (
        "You are writing to the cell member who follows {reference}: your next messages will be "
        "passed on to them. Any command (/menu) takes you out."
    ),
    "journal.writing_to_declarant": (
        "You are writing to the person who reported {reference}: your next messages will be passed "
        "on to them. Any command (/menu) takes you out."
    ),
    "journal.write_about": "Write about {reference}",
    "journal.no_files_in_hand": "You are not following any case at the moment.",
    "journal.files_title": "The cases you follow ({count}):",
    "journal.waiting": (
        "The person who reported {reference} has already written {count} message(s): /journal "
        "{reference} to read them."
    ),
    "journal.relayed": "[{reference}] {author}: {text}",
    "journal.relayed_discreet": "[{reference}] New message from {author}.",
    "journal.line": "{when} — {who}: {text}",
    "journal.not_a_reader": (
        "The log of {reference} can only be read by its two parties and the lead."
    ),
    "journal.unknown": "I cannot find a case {reference}.",
    "journal.usage": "Give the reference, for example: /journal REX-2026-0042",
    "journal.empty": "No exchange for {reference} yet.",
    "journal.title": "Exchange log of {reference}:",
    "journal.role_declarant": "Reporter",
    "journal.role_member": "Quality cell",
    # The cell (as the lead sees it)
    "roster.pilot_only": "This command is for the cell lead only.",
    "roster.empty": "No quality cell member is enrolled yet.",
    "roster.title": "The quality cell ({count} members):",
    "roster.no_secure_mail": (
        "🔒 No secure mail (they do not receive the details of cases): {names}. "
        "Each can link it with /canal."
    ),
    "roster.line": "• {name}, {profession} — {cases} — {presence} — {skills}",
    "roster.cases_none": "no open case",
    "roster.cases_one": "1 open case",
    "roster.cases_many": "{count} open cases",
    "roster.available": "available",
    "roster.absent_until": "away until {date}",
    "roster.no_skill": "no skill given",
    "roster.edit_skills": "Skills: {name}",
    "roster.skills_of": "Skills — {name}: tap a REX type to add or remove it.",
    "roster.done": "Done",
    "roster.hours_text": "{opens} to {closes}, on {days}",
    "roster.hours_current": (
        "Your working hours: {hours}. Answer deadlines for cards count them. To change them: "
        "/horaires 09:00-17:00 1-4 (days: 1 = Monday), or /horaires default."
    ),
    "roster.hours_set": "Noted: your working hours are {hours}.",
    "roster.hours_reset": "You follow the area's hours again: {hours}.",
    "roster.hours_usage": (
        "I did not understand. Examples: /horaires 09:00-17:00, /horaires 8:00-12:00 1-5 (days: 1 "
        "= Monday … 7 = Sunday), /horaires default."
    ),
    "roster.name_setting": (
        "When you take a case in charge, the reporter learns: {current}. Change this?"
    ),
    "roster.name_set": "Noted: reporters will learn {current}.",
    "roster.shown_name": "your name and your profession",
    "roster.shown_profession": "your profession only",
    "roster.show_name": "My name and my profession",
    "roster.hide_name": "My profession only",
    "roster.unknown_member": "This member is not (or no longer) in the quality cell.",
    # Menu and commands
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
        "/declarer — report a REX (a few short questions)\n"
        "/mes_declarations — your reports and their follow-up\n"
        "/rcp — coordination meetings: propose a topic, vote, your decisions\n"
        "/canal — receive messages on Telegram or by secure mail\n"
        "/retirer REX-… — withdraw one of your reports; /rouvrir REX-… — reopen a closed case\n"
        "/annuler — leave the current form\n"
        "/langue — change language\n"
        "/aide — this message\n\n"
        "Answer with the buttons, or write a choice's number or text. Never give a patient's "
        "name, birth date or social security number."
    ),
    "help.cell": (
        "For the quality cell:\n"
        "/dossiers — the cases you follow, their level and their next deadline\n"
        "/cas REX-… — a case's sheet: level, steps, closing\n"
        "/journal REX-… — the history of a case's exchanges\n"
        "/absent — set an absence (e.g. /absent 24/11-28/11); /disponible — end it\n"
        "/nom — show your name to reporters, or not\n"
        "/horaires — your working hours (answer deadlines count them)"
    ),
    "help.pilot": (
        "For the lead:\n"
        "/cellule — the members, their cases, their presence and their skills\n"
        "/assigner REX-… — give a case to a member\n"
        "/cas REX-… — a case's sheet (level, meeting, report to approve)\n"
        "/indicateurs — the year's indicators\n"
        "/journal REX-… — the history of a case's exchanges"
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
    "language.name_fr": "Français",
    "language.name_en": "English",
    "language.set": "Done: I will speak English with you.",
    "draft.reminder_declare": "You started a report without finishing it. Resume it?",
    "draft.reminder_enroll": "Your enrollment is not quite finished. Resume it?",
    "draft.resume": "Resume",
    "draft.drop": "Abandon",
    # Transports
    "error.internal": (
        "Sorry, a technical error occurred: your last message was not taken into account. "
        "Please try again in a moment."
    ),
    "console.intro": (
        "rexbot console — {territory}. You are {name}. Type /as NAME to change identity, /qui for "
        "the list, /quitter to leave. A number picks a button."
    ),
    "console.demo_invitation": "To try enrolling a new person: /nouveau, then /start {code}",
    "console.switched": "You are now {name} ({role}).",
    "console.unknown_identity": 'No member is called "{name}". Members: {names}',
    "console.new_identity": (
        "You are now a person who is not enrolled ({name}). To enrol, send /start followed by an "
        'invitation code: the one shown at start-up, or a code created with "rexbot --demo invite '
        '--role professional --name …".'
    ),
    "role.professional": "professional",
    "role.cell": "quality cell",
    "role.pilot": "lead",
    "role.coordinator": "coordination",
    "role.admin": "administration",
    "console.members": "Demo members: {names}",
    "console.attachment": "   📎 attached file, saved here: {path}",
    "console.for": "→ for {name}",
    # Case follow-up by level (issue 4)
    "work.level_1": "level 1 — settled in one exchange",
    "work.level_2": "level 2 — referral, check-in after 15 days",
    "work.level_3": "level 3 — analysis in a cell meeting",
    "work.level_4": "level 4 — serious adverse event (EIGS)",
    "work.level_none": "level to be chosen",
    "work.level_1_button": "Level 1 — settled",
    "work.level_2_button": "Level 2 — refer",
    "work.level_3_button": "Level 3 — cell meeting",
    "work.level_4_button": "Level 4 — EIGS",
    "work.pick_level": "{reference}: which level?",
    "work.current_level": "{label} (current)",
    "work.eigs_no_withdraw": (
        "{reference} was declared to the authorities as an EIGS: part 2 is still due, so it cannot "
        "be withdrawn. Write to the cell member who follows it (/mes_declarations)."
    ),
    "work.same_level": "{reference} is already at level {level}.",
    "work.change_level": "Change level",
    "work.close": "Close the case",
    "work.close_resolved": "Resolved",
    "work.close_unresolved": "Unresolved",
    "work.write": "Write to the reporter",
    "work.open_label": "Open {reference}",
    "work.action_done_label": "Done: {text}",
    "work.closed": "{reference} is closed: there is nothing left to do on this case.",
    "work.not_yours": "Only the member who follows {reference}, or the lead, can act on this case.",
    "work.declarant_only": "Only the person who reported {reference} can do this.",
    "work.input_cancelled": "Entry abandoned: nothing was saved.",
    "work.case_usage": "Give the case reference, for example: /cas REX-2026-0042",
    "work.panel_title": "{reference} · {type}\nStatus: {status}",
    "work.panel_level": "Level: {level}",
    "work.panel_no_level": "Level: to be chosen (buttons below).",
    "work.panel_orientation": "Referred to: {to}",
    "work.eigs_part1_missing": "EIGS: part 1 is not declared yet.",
    "work.eigs_part2_due": (
        "EIGS: part 1 declared on {part1}; part 2 to be declared by {date} at the latest."
    ),
    "work.eigs_done": "EIGS: both parts are declared.",
    "work.file_line": "• {reference} — {level}",
    "work.file_line_due": "• {reference} — {level}\n   next deadline: {what}, {date} at {time}",
    "work.due_checkin": "check-in with the reporter",
    "work.due_meeting": "cell meeting",
    "work.due_action": "action to do",
    "work.due_eigs1": "declare part 1 of the EIGS",
    "work.due_eigs2": "declare part 2 of the EIGS",
    "work.due_contact": "first contact",
    "work.due_ack": "answer to the card",
    "work.due_other": "reminder",
    "work.my_actions": "Your actions to carry out ({count}):",
    "work.my_action_line": "• {reference}: {text} — due {date}",
    "work.pick_level_after_claim": "{reference}: once you have taken stock, choose the level:",
    "work.ask_outcome": (
        "Level 1: what settled the problem? One or two sentences, no patient name. The reporter "
        "will read them."
    ),
    "work.label_outcome": "What settled the problem",
    "work.level1_declarant": (
        '{reference}: the quality cell member noted that your problem is settled.\n"{outcome}"'
    ),
    "work.level1_declarant_discreet": (
        "{reference}: the quality cell member noted that your problem is settled."
    ),
    "work.level1_done": "{reference} is closed as resolved (level 1). Thank you!",
    "work.level_changed_holder": "{reference} moves to level {level}.",
    "work.ask_close_status": "Is the problem resolved?",
    "work.label_status": "Outcome",
    "work.ask_close_reason": "In one sentence: why close the case now?",
    "work.label_reason": "Reason",
    "work.closed_by_you_resolved": "{reference} is closed as resolved. Thank you!",
    "work.closed_by_you_unresolved": (
        "{reference} is closed, unresolved. Thank you for following this case."
    ),
    "work.closed_declarant_resolved": (
        "{reference} is closed: your problem is considered resolved. If it is not, you can reopen "
        "it within {days} days."
    ),
    "work.closed_declarant_unresolved": (
        "{reference} is closed without a solution. Thank you for reporting it: it counts in the "
        "quality cell's review. You can reopen it within {days} days."
    ),
    "work.closed_holder_resolved": "{reference} is closed as resolved.",
    "work.closed_holder_unresolved": "{reference} is closed, unresolved.",
    "work.reopen": "Reopen the case",
    "work.level3_closes_itself": (
        "{reference} is under analysis (level 3): it closes by itself when the six steps are done "
        "and every action is finished or dropped."
    ),
    "work.eigs_before_close": (
        "{reference} is an EIGS: it closes once both parts of the declaration are recorded (or if "
        "it turns out not to be an EIGS)."
    ),
    "work.withdraw_usage": "Give the reference to withdraw, for example: /retirer REX-2026-0042",
    "work.ask_withdraw_reason": (
        "You are withdrawing your report. In one sentence, why? (optional for you, useful for the "
        "cell) — or /annuler to keep it."
    ),
    "work.withdrawn": "{reference} is withdrawn. Thank you for keeping us informed.",
    "work.withdrawn_holder": '{reference} was withdrawn by the person who reported it: "{reason}".',
    "work.reopen_usage": "Give the reference to reopen, for example: /rouvrir REX-2026-0042",
    "work.still_open": "{reference} is still open: there is nothing to reopen.",
    "work.too_late_to_reopen": (
        "{reference} can no longer be reopened (more than {days} days, or withdrawn). Report a new "
        "REX with /declarer."
    ),
    "work.reopened": "{reference} is reopened: the quality cell has been told.",
    "work.reopened_holder": "{reference} was reopened by the person who reported it.",
    "contact.recorded_pick_level": (
        "Noted: the first contact for {reference} is recorded. Thank you!\n"
        "\n"
        "Which level for this case?"
    ),
    "card.expired_to_pilot": "{reference}: with no answer in time, the case was given to the lead.",
    # Level 2: referral and 15-day check-in
    "checkin.ask_orientation": (
        "Level 2: who or what are you referring the reporter to? A professional from the "
        'directory, a service, a resource (e.g. "Dr Lefèvre, pharmacist in Vif").'
    ),
    "checkin.label_orientation": "Referral",
    "checkin.oriented": (
        "{reference} is at level 2. On {when} I will ask the reporter whether their problem is "
        "resolved, and tell you their answer."
    ),
    "checkin.reoriented": (
        "{reference}: new referral noted. I will check in with the reporter again on {when}."
    ),
    "checkin.told_declarant": (
        "{reference}: the quality cell refers you to: {to}.\n"
        "I will come back to you on {when} to find out whether your problem is resolved."
    ),
    "checkin.told_declarant_discreet": (
        "{reference}: the quality cell refers you to a colleague or a resource.\n"
        "I will come back to you on {when} to find out whether your problem is resolved."
    ),
    "checkin.question": "{reference}: you were referred to {to}. Is your problem resolved?",
    "checkin.question_discreet": "{reference}: is your problem resolved?",
    "checkin.question_again": (
        "{reference}: a quick reminder. Is your problem resolved? One tap on a button is enough."
    ),
    "checkin.answer_yes": "Yes",
    "checkin.answer_partly": "Partly",
    "checkin.answer_no": "No",
    "checkin.task_sent": (
        "{reference}: I asked the reporter whether their problem is resolved. I will pass on their "
        "answer; then it is up to you to confirm the resolution or decide what comes next."
    ),
    "checkin.thanks_yes": "Thank you! {reference} is closed as resolved.",
    "checkin.thanks_not_yet": (
        "Thank you for your answer. The cell member who follows {reference} has been told and will "
        "come back to you."
    ),
    "checkin.holder_partly": (
        "{reference}: the reporter says their problem is only partly resolved. What next?"
    ),
    "checkin.holder_no": "{reference}: the reporter says their problem is not resolved. What next?",
    "checkin.no_answer_call": (
        "{reference}: the reporter did not answer the 15-day check-in, nor the reminder. Could you "
        "call them, then say here how things stand?"
    ),
    "checkin.no_answer_write": (
        "{reference}: the (anonymous) reporter did not answer the 15-day check-in, nor the "
        "reminder. Write to them through /dossiers, then say here how things stand."
    ),
    "checkin.close_resolved": "Resolved: close",
    "checkin.close_unresolved": "Close unresolved",
    "checkin.orient_again": "Refer again",
    "checkin.to_level3": "Move to level 3",
    "checkin.not_yours": "This question is not for you.",
    "checkin.case_closed": (
        "{reference} is already closed: thank you, your answer is no longer needed."
    ),
    "checkin.superseded": (
        "This question about {reference} is out of date: the case has taken another course since."
    ),
    "checkin.already": "You have already answered for {reference}. Thank you!",
    # Satisfaction
    "satisfaction.intro_declarant": (
        "{reference}: your opinion helps us improve (2 questions, anonymous)."
    ),
    "satisfaction.intro_involved": (
        "{reference}: you took part in the analysis of this case. Your opinion helps us improve (2 "
        "questions, anonymous)."
    ),
    "satisfaction.q_reactivity": (
        "Did the quality cell respond quickly enough? From 1 (not at all) to 5 (completely)."
    ),
    "satisfaction.q_help": "Was its help useful to you? From 1 (not at all) to 5 (completely).",
    "satisfaction.score_1": "1",
    "satisfaction.score_2": "2",
    "satisfaction.score_3": "3",
    "satisfaction.score_4": "4",
    "satisfaction.score_5": "5",
    "satisfaction.ask_comment": "Thank you! Any comment to add?",
    "satisfaction.write_comment": "Write a comment",
    "satisfaction.no_comment": "No, thanks",
    "satisfaction.ask_comment_text": "Your comment (no patient name):",
    "satisfaction.label_comment": "Comment",
    "satisfaction.thanks": "Thank you for your opinion!",
    "satisfaction.already": "You have already answered this question. Thank you!",
    "satisfaction.not_yours": "This questionnaire is not meant for you.",
    # Level 3: analysis in a cell meeting
    "analysis.title": "{reference} — analysis by the cell (level 3)",
    "analysis.meeting_on": "Cell meeting: {date} at {time}",
    "analysis.step_1": "N1 Data gathered",
    "analysis.step_2": "N2 Facts in chronological order ({count} recorded)",
    "analysis.step_3": "N3 Gaps and contributing factors ({count} recorded)",
    "analysis.step_4": "N4 Action plan ({count} action(s))",
    "analysis.step_5": "N5 Satisfaction survey of the professionals involved",
    "analysis.step_6": "N6 Final report approved by the lead",
    "analysis.action_open": "   ▸ {text} — {owner}, due {date}",
    "analysis.action_done": "   ✔ {text} — {owner} (done)",
    "analysis.action_dropped": "   ✖ {text} — {owner} (dropped)",
    "analysis.owner_left": "{name} (has left the CPTS: to be reassigned)",
    "analysis.report_waiting": "The final report is waiting for the lead's approval.",
    "analysis.mark_1": "N1 done",
    "analysis.add_fact": "Add a dated fact",
    "analysis.mark_2": "N2 done",
    "analysis.add_factor": "Add a factor",
    "analysis.mark_3": "N3 done",
    "analysis.add_action": "Add an action",
    "analysis.mark_4": "N4 done",
    "analysis.reassign": "Reassign the action",
    "analysis.send_survey": "N5 Send the survey",
    "analysis.write_report": "N6 Final report",
    "analysis.approve": "Approve the report",
    "analysis.set_meeting": "Set the meeting",
    "analysis.step_2_empty": "{reference}: first add at least one dated fact.",
    "analysis.step_3_empty": "{reference}: first add at least one contributing factor.",
    "analysis.step_4_empty": "{reference}: first add at least one action.",
    "analysis.step_already": "This step is already done.",
    "analysis.closed": (
        "The six steps are done and every action is finished: {reference} is closed."
    ),
    "analysis.told_declarant": (
        "{reference}: your report will be analysed in a meeting of the quality cell (level 3). You "
        "will be kept informed."
    ),
    "analysis.pilot_meeting": "{reference} moves to level 3: set the cell meeting.",
    "analysis.pilot_only": "Only the lead can do this.",
    "analysis.not_level3": "{reference} is not (or no longer) under level 3 analysis.",
    "analysis.ask_meeting_day": "Which day for the cell meeting? (e.g. 3/12)",
    "analysis.label_day": "Day",
    "analysis.ask_meeting_time": "At what time? (e.g. 12:30)",
    "analysis.label_time": "Time",
    "analysis.date_past": "This date has already passed: give a date to come.",
    "analysis.date_unreadable": "I did not understand this date. Examples: 3/12, 15/01.",
    "analysis.time_unreadable": "I did not understand the time. Examples: 12:30, 9:00, 18:00.",
    "analysis.meeting_set": (
        "Meeting for {reference} set for {date} at {time}. {count} member(s) invited, with a "
        "reminder the day before."
    ),
    "analysis.invitation": (
        "Quality cell meeting for {reference}: {date} at {time}. A reminder will be sent to you "
        "the day before."
    ),
    "analysis.meeting_reminder": (
        "Reminder: quality cell meeting for {reference} tomorrow, {date} at {time}."
    ),
    "analysis.ask_moment": (
        "N2: when did it happen? A date, with the time if you know it (e.g. 12/11 14:30)."
    ),
    "analysis.label_moment": "When",
    "analysis.moment_future": "This date is in the future: give the moment it happened.",
    "analysis.moment_unreadable": "I did not understand. Examples: 12/11 14:30, 12/11.",
    "analysis.ask_fact": "What happened at that moment? (facts, no patient name)",
    "analysis.label_fact": "Fact",
    "analysis.timeline_title": "Timeline of {reference}:",
    "analysis.ask_family": "N3: which family does this factor belong to?",
    "analysis.label_family": "Family",
    "analysis.family_patient": "Patient",
    "analysis.family_tasks": "Tasks",
    "analysis.family_individual": "Individual (professional)",
    "analysis.family_team": "Team",
    "analysis.family_environment": "Work environment",
    "analysis.family_organisation": "Organisation",
    "analysis.ask_factor": "Describe the gap or contributing factor, in one or two sentences:",
    "analysis.label_factor": "Factor",
    "analysis.factor_added": "Factor recorded.",
    "analysis.ask_action": (
        'N4: which action? (e.g. "Hospital-to-community liaison form for Friday discharges")'
    ),
    "analysis.label_action": "Action",
    "analysis.ask_owner": "Who is responsible for it? Pick one, or type a directory member's name.",
    "analysis.label_owner": "Owner",
    "analysis.owner_unknown": (
        "I cannot find this member (or several have this name). Pick a button, or type the full "
        "name."
    ),
    "analysis.ask_due": "By when? A precise date (e.g. 15/01).",
    "analysis.label_due": "Due date",
    "analysis.due_past": "This due date has already passed: give a date to come.",
    "analysis.action_added": "Action recorded and given to {owner}.",
    "analysis.action_given": (
        "{reference}: the quality cell gives you an action:\n"
        '"{text}"\n'
        "Due {date}. Tell me when it is done."
    ),
    "analysis.action_done_button": "It's done",
    "analysis.ask_done_note": "Well done! In one sentence, what did you do?",
    "analysis.label_note": "Note",
    "analysis.ask_drop_reason": "Why drop this action?",
    "analysis.label_reason": "Reason",
    "analysis.action_done_recorded": 'Action "{text}" recorded as done. Thank you!',
    "analysis.action_dropped_recorded": 'Action "{text}" dropped.',
    "analysis.action_done_holder": '{reference}: the action "{text}" is done: "{note}".',
    "analysis.action_soon": '{reference}: reminder, the action "{text}" is due {date}.',
    "analysis.action_late": '{reference}: the action "{text}" was due on {date}. How is it going?',
    "analysis.action_late_holder": (
        '{reference}: the action "{text}" given to {owner} is overdue (due on {date}).'
    ),
    "analysis.action_unknown": "I cannot find this action.",
    "analysis.action_closed": 'The action "{text}" is already finished.',
    "analysis.owner_gone": (
        '{reference}: the person responsible for the action "{text}" has left the CPTS. Reassign '
        "the action:"
    ),
    "analysis.pick_owner": 'Who should take the action "{text}"?',
    "analysis.reassigned": "Action given to {owner}.",
    "analysis.drop": "Drop: {text}",
    "analysis.survey_none": (
        "The people involved have already been surveyed about this case: step N5 is done."
    ),
    "analysis.survey_sent": "Satisfaction survey sent to {count} person(s).",
    "analysis.ask_report": (
        "N6: the final report (what happened, why, what changes), no patient name. The lead will "
        "approve it."
    ),
    "analysis.label_report": "Final report",
    "analysis.report_sent": "Report sent to the lead for approval.",
    "analysis.report_to_approve": "{reference}: final report to approve:\n\n{text}",
    "analysis.no_report": "{reference} has no final report to approve yet.",
    "analysis.report_approved": "Final report approved.",
    # Level 4: EIGS
    "eigs.guide_member": (
        "{reference} is handled as a serious adverse event associated with care (EIGS, level 4): "
        "an unexpected event that led to death, a threat to life or a likely permanent functional "
        "impairment.\n"
        "\n"
        "It is declared to the ARS on the national portal signalement.social-sante.gouv.fr, in two "
        "parts:\n"
        "• part 1, without delay: the first details;\n"
        "• part 2, within 3 months: the analysis and the action plan.\n"
        "\n"
        "I will remind you every working day until part 1 is recorded. If it is not an EIGS, say "
        "so (with a reason)."
    ),
    "eigs.guide_declarant": (
        "{reference}: your report may concern a serious adverse event (EIGS). The quality cell "
        "member who follows it helps you declare it to the ARS (portal "
        "signalement.social-sante.gouv.fr): part 1 without delay, part 2 within 3 months. You are "
        "not alone."
    ),
    "eigs.part1_done": "Part 1 declared",
    "eigs.part2_done": "Part 2 declared",
    "eigs.not_eigs": "It is not an EIGS",
    "eigs.part1_reminder": (
        "{reference}: part 1 of the EIGS declaration is not recorded yet. Do it without delay on "
        "signalement.social-sante.gouv.fr, then tap below."
    ),
    "eigs.part2_reminder": (
        "{reference}: part 2 of the EIGS declaration is due before {date} (in {days} days)."
    ),
    "eigs.part2_late": "{reference}: part 2 of the EIGS declaration was due on {date}.",
    "eigs.part2_late_pilot": (
        "{reference}: part 2 of the EIGS declaration is overdue (due on {date})."
    ),
    "eigs.ask_date": "On which day was this part declared?",
    "eigs.label_date": "Declaration date",
    "eigs.today": "Today",
    "eigs.date_future": "This date is in the future: give the day the declaration was made.",
    "eigs.date_unreadable": "I did not understand this date. Examples: 20/11, 3/12.",
    "eigs.date_before_event": (
        "This date is before the event itself: give the day of the declaration."
    ),
    "eigs.part1_known": "Part 1 of {reference} is already recorded.",
    "eigs.part2_not_now": "First record part 1 of {reference} (part 2 can only come after it).",
    "eigs.part1_recorded": (
        "Part 1 recorded for {reference}. Part 2 must be declared by {date} at the latest: I will "
        "remind you 30 and 7 days before."
    ),
    "eigs.part1_told_declarant": "{reference}: the EIGS has been declared to the ARS (part 1).",
    "eigs.part2_recorded": "Part 2 recorded for {reference}. You can close the case:",
    "eigs.downgraded_declarant": (
        "{reference}: after review, this is not a serious adverse event. The quality cell goes on "
        "following your report."
    ),
    "eigs.ask_reason": "Why is it not an EIGS? (one sentence)",
    "eigs.label_reason": "Reason",
    "eigs.ask_level": "Which level for this case, then?",
    "eigs.label_level": "Level",
    # Indicators
    "indicators.title": "Quality cell indicators — {year}",
    "indicators.declarations": "Reports: {count}",
    "indicators.levels": "By level: L1 {one} · L2 {two} · L3 {three} · L4 {four} · no level {none}",
    "indicators.people": (
        "Professionals involved: {declarants} reporter(s), {members} cell member(s)"
    ),
    "indicators.resolution": (
        "Resolution rate: {rate} ({resolved} resolved out of {closed} closed) · withdrawn "
        "{withdrawn} · open {open}"
    ),
    "indicators.checkins": '15-day check-ins: {rate} "Yes" ({yes} out of {answered} answers)',
    "indicators.satisfaction": (
        "Satisfaction ({count} answers): responsiveness {reactivity}/5, help {help}/5\n"
        "Distribution: {distribution}"
    ),
    "indicators.times": "Median time to take in charge: {ack} · median time to closing: {closure}",
    "indicators.not_allowed": "Indicators are for the lead and the coordination team only.",
    "indicators.usage": "Give a year, for example: /indicateurs {year}",
    "leave.ask_casework": "You have not finished this entry on a case. Move on?",
    "help.casework": "Answer the question below, or /annuler to abandon this entry.",
    "draft.reminder_casework": "You have not finished an entry on a case. Resume it?",
    # RCP
    "command.rcp": "Team meetings (RCP)",
    "rcp.title": "Multi-professional team meetings (RCP)",
    "rcp.none": "No upcoming meeting for you.",
    "rcp.new": "New meeting",
    "rcp.when": "{date} at {time}",
    "rcp.meeting_line": "\n• {title}\n  {when} — {place}\n  {status}",
    "rcp.status_proposals": "Topic proposals until {until}",
    "rcp.status_voting": "Vote on the agenda until {until}",
    "rcp.status_agenda_draft": "Agenda being prepared",
    "rcp.status_published": "Agenda published",
    "rcp.status_minutes_published": "Minutes published",
    "rcp.status_cancelled": "Cancelled",
    "rcp.propose_for": "Propose a topic: {title}",
    "rcp.propose": "Propose a topic",
    "rcp.my_item": "  ▸ your proposal: {title}",
    "rcp.withdraw": "Withdraw: {title}",
    "rcp.unknown": "I cannot find this meeting (or this topic).",
    "rcp.coordinator_only": "Only the coordination team can create or change a meeting.",
    "rcp.input_cancelled": "Entry abandoned: nothing was saved.",
    "rcp.audience_all": "All members",
    "rcp.audience_cell": "The quality cell",
    "rcp.minutes": "{count} min",
    "rcp.ask_title": 'New RCP. Its title? (e.g. "RCP on hospital discharge pathways")',
    "rcp.label_title": "Title",
    "rcp.ask_day": "Which day? (e.g. 10/12)",
    "rcp.label_day": "Day",
    "rcp.ask_time": "At what time? (e.g. 12:30)",
    "rcp.label_time": "Time",
    "rcp.ask_duration": "How long? Pick one, or type a number of minutes.",
    "rcp.label_duration": "Duration",
    "rcp.ask_place": "Where? A room, an address or a video call link.",
    "rcp.label_place": "Place",
    "rcp.ask_audience": (
        'For whom? A button, or several groups typed one after another (e.g. "the quality cell, '
        'pharmacist, physiotherapist").'
    ),
    "rcp.audience_unreadable": (
        'I do not recognise "{part}". Pick a button, or type groups separated by commas (e.g. '
        '"nurse, pharmacist").'
    ),
    "rcp.label_audience": "Audience",
    "rcp.ask_proposals_until": "Until which day can topics be proposed? (closes at noon that day)",
    "rcp.label_proposals_until": "Proposals until",
    "rcp.ask_votes_until": "Until which day can people vote? (closes at noon that day)",
    "rcp.label_votes_until": "Vote until",
    "rcp.ask_max_items": "How many topics on the agenda at most?",
    "rcp.label_max_items": "Topics at most",
    "rcp.ask_quorum": (
        "A quorum for the vote (share of the audience who must vote)? Pick one, type a percentage, "
        "or skip."
    ),
    "rcp.label_quorum": "Quorum",
    "rcp.recap_title": "Summary of the meeting:",
    "rcp.date_past": "This date has already passed: give a date to come.",
    "rcp.date_unreadable": "I did not understand this date. Examples: 10/12, 15/01.",
    "rcp.time_unreadable": "I did not understand the time. Examples: 12:30, 9:00, 18:00.",
    "rcp.minutes_unreadable": "Give a number of minutes between {low} and {high}.",
    "rcp.count_unreadable": "Give a number between {low} and {high}.",
    "rcp.quorum_unreadable": "Give a percentage between 1 and 100, or skip.",
    "rcp.deadline_past": "This deadline (noon that day) has already passed: pick a day to come.",
    "rcp.deadline_after_meeting": "This deadline must fall before the meeting.",
    "rcp.vote_before_proposals": "The vote must end after proposals close.",
    "rcp.too_late_to_create": (
        "The chosen dates have passed in the meantime: nothing was created. Start again with /rcp."
    ),
    "rcp.created": 'Meeting "{title}" created. The call for topics goes to {count} person(s).',
    "rcp.call_for_proposals": (
        'RCP "{title}" on {when} ({place}).\n'
        "Which topics would you like to discuss? Proposals until {until}."
    ),
    "rcp.proposals_closed": 'Proposals for "{title}" are closed.',
    "rcp.proposals_closed_next": (
        'Proposals for "{title}" are closed. Next meeting open to proposals: "{next}", on {when} '
        "(/rcp)."
    ),
    "rcp.ask_item_title": "The topic, in a few words?",
    "rcp.label_item_title": "Topic",
    "rcp.ask_item_description": "Describe it briefly (no patient name):",
    "rcp.label_item_description": "Description",
    "rcp.ask_kind": "What kind?",
    "rcp.label_kind": "Kind",
    "rcp.kind_complex_case": "Complex case",
    "rcp.kind_practice": "Professional practice",
    "rcp.kind_protocol": "Protocol",
    "rcp.kind_rex_follow_up": "Follow-up of a REX",
    "rcp.kind_other": "Other",
    "rcp.ask_item_minutes": "How much meeting time will it need?",
    "rcp.label_item_minutes": "Estimated time",
    "rcp.ask_case": (
        "Does this topic follow a case under analysis (level 3)? Type its reference (REX-…), or "
        "skip. Only an anonymous summary will be shown."
    ),
    "rcp.label_case": "Linked case",
    "rcp.case_unknown": "I cannot find this case. Type its reference (REX-2026-0042), or skip.",
    "rcp.case_not_level3": "{reference} is not under level 3 analysis: skip, or give another case.",
    "rcp.proposal_recap_title": "Your proposal:",
    "rcp.proposal_recorded": (
        'Thank you! "{title}" is proposed for "{meeting}". You can withdraw it from /rcp until '
        "{until}."
    ),
    "rcp.too_late_to_withdraw": '"{title}" can no longer be withdrawn: proposals are closed.',
    "rcp.withdrawn": '"{title}" is withdrawn.',
    "rcp.case_summary": "{reference} · {type} · {status}",
    "leave.ask_rcp": "You have not finished this entry for an RCP. Move on?",
    "help.rcp": (
        "Answer the question below; you can review everything before confirming. /annuler abandons."
    ),
    "draft.reminder_rcp": "You have not finished an entry for an RCP. Resume it?",
    "rcp.no_proposals": 'No topic was proposed for "{title}": there is nothing to vote on.',
    "rcp.ballot_title": (
        'Vote for the agenda of "{title}": tap each topic you want discussed (as many as you '
        "like). You can change your mind until {until}."
    ),
    "rcp.ballot_line": "{number}. {title} ({minutes} min)",
    "rcp.ballot_count": "You support {count} topic(s).",
    "rcp.vote_closed": 'The vote for "{title}" is closed.',
    "rcp.item_gone": '"{title}" is no longer proposed.',
    "rcp.voted": "Supported: {title}",
    "rcp.unvoted": "Removed: {title}",
    "rcp.vote_reminder": (
        'You have not voted yet for the agenda of "{title}". The vote ends on {until}.'
    ),
    "rcp.quorum_missing": (
        '"{title}": {share}% of the audience has voted, the quorum is {quorum}%. The vote ends '
        "tomorrow."
    ),
    "rcp.draft_title": 'Draft agenda of "{title}" ({voters} voter(s)):',
    "rcp.draft_line": "{position}. {title} — {votes} vote(s), {minutes} min",
    "rcp.draft_time": "Planned time: {used} min out of {total}.",
    "rcp.draft_left_out": "Not selected:",
    "rcp.left_out_line": "• {title} — {votes} vote(s)",
    "rcp.move_up": "Move no. {position} up",
    "rcp.drop": "Remove no. {position}",
    "rcp.add": "Add: {title}",
    "rcp.agenda_not_editable": 'The agenda of "{title}" can no longer be changed.',
    "rcp.agenda_unchanged": "Nothing to change.",
    "rcp.publish": "Publish the agenda",
    "rcp.already_published": 'The agenda of "{title}" is already published.',
    "rcp.changed_meanwhile": (
        '"{title}" was changed in the meantime (by someone else in the coordination team): here is '
        "how it stands now; nothing was sent. /rcp"
    ),
    "rcp.agenda_empty": (
        'The agenda of "{title}" is empty: add at least one topic before publishing.'
    ),
    "rcp.publishing": (
        'Agenda of "{title}" being sent to {count} person(s). I will send you a delivery report '
        "when it is finished."
    ),
    "rcp.agenda_title": "Agenda — {title}\n{when}, {place} ({minutes} min)\n",
    "rcp.agenda_line": "{position}. {title} ({minutes} min)",
    "rcp.invitation_caption": (
        '📅 Invitation "{title}": open the file to add it to your calendar. Will you attend?'
    ),
    "rcp.present": "I will attend",
    "rcp.absent": "Not attending",
    "rcp.presence_yes": 'Noted: you will attend "{title}". Thank you!',
    "rcp.presence_no": 'Noted: you will not attend "{title}".',
    "rcp.presence_closed": 'The meeting "{title}" no longer expects attendance answers.',
    "rcp.reminder_eve": 'Reminder: RCP "{title}" tomorrow, {when} ({place}).',
    "rcp.reminder_hour": 'Reminder: RCP "{title}" in one hour, {when} ({place}).',
    "rcp.delivery_report": (
        'Sending of the agenda of "{title}" finished: {sent} person(s) reached, {failed} '
        "failure(s), {unreachable} unreachable (bot blocked or no account). Attendance: {present} "
        "yes, {absent} no so far."
    ),
    "rcp.minutes_to_write": '\n✍️ Minutes to write: "{title}"',
    "rcp.write_minutes_for": "Minutes: {title}",
    "rcp.write_minutes": "Write the minutes",
    "rcp.my_decision": "\n📌 Decision to carry out: {text} (due {date})",
    "rcp.decision_done_for": "Done: {text}",
    "rcp.open_decisions": (
        "Decisions from previous meetings still open ({count}), perhaps to put on the agenda:"
    ),
    "rcp.open_decision_line": "• {text} — {owner}, due {date}",
    "rcp.minutes_already": 'The minutes of "{title}" are already published.',
    "rcp.minutes_not_yet": '"{title}" has not taken place yet (or its agenda is not published).',
    "rcp.nobody_said_present": "nobody said yes",
    "rcp.minutes_intro": 'Minutes of "{title}". Said they would attend: {names}.',
    "rcp.ask_other_attendees": "Were other people present? Type their names, or skip.",
    "rcp.label_other_attendees": "Other attendees",
    "rcp.outcome_item": "Topic {position}: {title}",
    "rcp.ask_outcome": "What came out of it, in a few sentences (no patient name):",
    "rcp.label_outcome": "Conclusion",
    "rcp.decision_ask": "A decision to follow up for this topic?",
    "rcp.add_decision": "Add a decision",
    "rcp.next_item": "Next topic",
    "rcp.ask_decision": "The decision, in one sentence:",
    "rcp.label_decision": "Decision",
    "rcp.ask_decision_owner": "Who is responsible for it? (a member's name)",
    "rcp.label_owner": "Owner",
    "rcp.owner_unknown": (
        "I cannot find this member (or several have this name): type the full name."
    ),
    "rcp.ask_decision_due": "By when? (e.g. 15/01)",
    "rcp.label_due": "Due date",
    "rcp.decision_recorded": 'Decision recorded: "{text}".',
    "rcp.minutes_title": "Minutes — {title} ({when})",
    "rcp.minutes_attendees": "Present: {names}\n",
    "rcp.minutes_item": "{position}. {title}\n   {outcome}",
    "rcp.minutes_decision": "   ➜ Decision: {text} — {owner}, due {date}",
    "rcp.publish_minutes": "Publish the minutes",
    "rcp.minutes_published": (
        'Minutes of "{title}" sent to {count} person(s); each owner receives their decision.'
    ),
    "rcp.minutes_paused": "Minutes set aside: what is recorded is kept. Resume from /rcp.",
    "rcp.minutes_reminder": (
        'The minutes of "{title}" are not published yet ({days} days after the meeting).'
    ),
    "rcp.decision_given": 'Decision of the RCP "{title}" given to you:\n"{text}"\nDue {date}.',
    "rcp.decision_done": "Done",
    "rcp.decision_later": "Not yet",
    "rcp.decision_not_yours": "This decision is not in your name.",
    "rcp.decision_already_done": '"{text}" is already recorded as done.',
    "rcp.decision_noted_later": "Fine. I will remind you before {date}.",
    "rcp.decision_marked_done": 'Well done: "{text}" is done.',
    "rcp.decision_soon": 'Reminder: the decision "{text}" is due {date}.',
    "rcp.decision_late": 'The decision "{text}" was due on {date}. How is it going?',
    "rcp.decision_late_coordinator": (
        'The decision "{text}" given to {owner} is overdue (due on {date}).'
    ),
    "rcp.review_for": "Proposals: {title}",
    "rcp.review_closed": '"{title}" can no longer be rejected or merged: proposals are closed.',
    "rcp.no_proposals_yet": 'No proposal for "{title}" yet.',
    "rcp.proposals_title": 'Proposals for "{title}":',
    "rcp.proposal_line": (
        "\n{number}. {title} ({kind}, {minutes} min, proposed by {author})\n   {description}"
    ),
    "rcp.reject": "Reject no. {number}",
    "rcp.merge": "Merge no. {number}",
    "rcp.merge_into": 'Merge "{title}" with which topic?',
    "rcp.merged_author": (
        'Your proposal "{title}" for "{meeting}" is grouped with "{into}", which covers it.'
    ),
    "rcp.ask_reject_reason": "Why reject this proposal? (the reason is sent to its author)",
    "rcp.label_reject_reason": "Reason",
    "rcp.rejected_author": 'Your proposal "{title}" for "{meeting}" was not selected: {reason}',
    "rcp.edit_for": "Edit: {title}",
    "rcp.cancel_for": "Cancel: {title}",
    "rcp.not_changeable": '"{title}" can no longer be changed or cancelled.',
    "rcp.cancel_confirm": 'Cancel the meeting "{title}"? The whole audience will be told.',
    "rcp.cancel_yes": "Yes, cancel the meeting",
    "rcp.cancel_no": "No, keep it",
    "rcp.cancelled_notice": 'The RCP "{title}" planned on {when} is cancelled.',
    "rcp.cancelled_done": '"{title}" is cancelled; the audience has been told.',
    "rcp.edit_recap_title": "The meeting as it stands (Edit to change an answer):",
    "rcp.changed_notice": 'The RCP "{title}" changes: now on {when}, {place}.',
    "rcp.edited_done": '"{title}" is changed; the audience has been told.',
    "rcp.draft_for": "Agenda: {title}",
    "rcp.my_votes": "  ▸ you support {count} topic(s) (ballot can be changed until closing)",
    "rcp.my_ballot": "My ballot: {title}",
    "rcp.nothing_changed": 'Nothing changed for "{title}": nobody is disturbed.',
    "rcp.votes_recorded": 'Noted: you support {count} topic(s) for "{title}".',
    "rcp.minutes_again": "Start again",
    "mail.subject": "Quality cell — REX",
    "mail.answer_with_number": "Simply reply with the number of your choice.",
    "canal.title": "Your channels (everything is sent to you on the preferred one):",
    "canal.line": "• {name}",
    "canal.line_preferred": "• {name} — preferred",
    "canal.name_telegram": "Telegram",
    "canal.name_mail": "Secure messaging (MSSanté)",
    "canal.name_console": "Console",
    "canal.name_other": "Other channel",
    "canal.prefer": "Prefer: {name}",
    "canal.link": "Link another channel",
    "canal.link_code": (
        "From the other channel, send this to the bot: /start {code}\n"
        "(Telegram: a message to the bot; secure messaging: an email to the bot's address, with "
        "this text as subject.) The code is valid for 24 hours."
    ),
    "canal.linked": "Done, {name}: this channel is linked to your account.",
    "canal.preferred_set": "Noted: everything will be sent to you by {name}.",
    "canal.unknown": "This channel is not linked to your account.",
}
