"""Le catalogue français : toutes les phrases que lisent les utilisateurs."""

MESSAGES: dict[str, str] = {
    # Discrétion sur Telegram (REXBOT_TELEGRAM_DETAILS=reference)
    "details.hidden": "🔒",
    "details.sent_to_secure_mail": "🔒 Détails envoyés dans votre messagerie sécurisée.",
    "details.link_secure_mail": (
        "🔒 Les détails d'un cas ne passent pas par Telegram. Pour les recevoir, reliez votre "
        "messagerie sécurisée (MSSanté) : /canal, puis « Relier un autre canal »."
    ),
    "details.declarant_notice": (
        "🔒 Ce que vous écrivez ici passe par Telegram, qui n'est pas un hébergeur de données "
        "de santé : vous le faites par votre choix. N'y mettez aucun élément qui identifie le "
        "patient ; la cellule, elle, reçoit les détails dans sa messagerie sécurisée."
    ),
    "details.startup_full": (
        "Attention : REXBOT_TELEGRAM_DETAILS=full, le texte des cas (faits, messages, "
        "conclusions, numéros) passe par Telegram, qui n'est pas un hébergeur de données de "
        "santé. Configurez la passerelle de messagerie sécurisée (REXBOT_MAIL_ADDRESS) et "
        "REXBOT_TELEGRAM_DETAILS=reference pour que seuls la référence, le type, la date et "
        "les échéances y passent."
    ),
    "details.startup_reference_no_mail": (
        "REXBOT_TELEGRAM_DETAILS=reference sans passerelle de messagerie (REXBOT_MAIL_ADDRESS) "
        ": personne ne pourra lire le détail des cas."
    ),
    # Formulaires
    "form.skip": "Passer",
    "form.not_given": "non renseigné",
    "form.current_value": "Réponse actuelle : {value}",
    "form.keep": "Garder la réponse actuelle",
    "form.confirm": "Confirmer",
    "form.edit": "Modifier",
    "form.cancel": "Annuler",
    "form.back_to_recap": "Retour au récapitulatif",
    "form.pick_field": "Quelle réponse voulez-vous modifier ?",
    # Saisies inattendues
    "input.media_not_supported": (
        "Je ne peux pas lire les photos, messages vocaux, autocollants ni fichiers. "
        "Merci de répondre par écrit."
    ),
    "input.choice_not_valid": "Ce choix ne correspond pas à la question en cours.",
    "input.empty": "Votre message est vide.",
    "input.pick_a_choice": (
        "Je n'ai pas compris. Choisissez une réponse ci-dessous, ou tapez son numéro."
    ),
    "input.too_short": (
        "C'est un peu court : écrivez au moins {minimum} caractères (vous en avez écrit {length})."
    ),
    "input.too_long": (
        "Votre texte fait {length} caractères, le maximum est {maximum}. "
        "Raccourcissez-le puis renvoyez-le : rien n'a été enregistré."
    ),
    "input.too_long_continuation": (
        "Ce texte semble être la suite du précédent, qui était trop long : rien n'a été "
        "enregistré. Envoyez un texte plus court (4 000 caractères au plus), en un seul message."
    ),
    "input.identifier_nir": (
        "Votre texte semble contenir un numéro de sécurité sociale (NIR). Pour protéger le "
        "patient, il n'a pas été enregistré. Reformulez sans aucun identifiant du patient "
        "(ni NIR, ni nom, ni date de naissance)."
    ),
    "input.identifier_name_birth_date": (
        "Votre texte semble contenir le nom et la date de naissance d'un patient. Pour le "
        "protéger, il n'a pas été enregistré. Reformulez sans identifier le patient "
        "(par exemple « une patiente de 80 ans »)."
    ),
    "input.identifier_email": (
        "Votre texte semble contenir une adresse e-mail. Les coordonnées de quiconque "
        "(patient, proche ou professionnel) n'ont pas leur place dans ce texte : il n'a pas été "
        "enregistré. Reformulez sans l'adresse."
    ),
    "input.identifier_phone": (
        "Votre texte semble contenir un numéro de téléphone. Les coordonnées de quiconque "
        "(patient, proche ou professionnel) n'ont pas leur place dans ce texte : il n'a pas été "
        "enregistré. Reformulez sans le numéro. Pour être rappelé, la déclaration vous demande "
        "votre numéro à part."
    ),
    "input.stale": "Ce choix n'est plus valable. Voici où nous en sommes :",
    "input.stale_notice": "Ce choix n'est plus valable.",
    # Déclaration
    "declare.ask_type": "Nouvelle déclaration (REX). De quel type d'événement s'agit-il ?",
    "declare.label_type": "Type",
    "declare.ask_date": (
        "Quand cela s'est-il passé ? Choisissez, ou écrivez une date "
        "(ex. 12/11, 12/11/2026, le 3 novembre)."
    ),
    "declare.label_date": "Date",
    "declare.today": "Aujourd'hui",
    "declare.yesterday": "Hier",
    "declare.date_unreadable": (
        "Je n'ai pas reconnu cette date. Écrivez-la par exemple 12/11, 12/11/2026 ou le 3 novembre."
    ),
    "declare.date_future": "Cette date est dans le futur : indiquez quand l'événement a eu lieu.",
    "declare.date_too_old": "Cette date remonte à plus de 5 ans : vérifiez l'année.",
    "declare.ask_facts": (
        "Que s'est-il passé ? Décrivez les faits dans l'ordre où ils se sont produits, sans "
        "interprétation (20 à 4 000 caractères). N'indiquez aucun nom ni identifiant de patient."
    ),
    "declare.label_facts": "Faits",
    "declare.ask_why": "Pourquoi cela s'est-il produit, selon vous ? (facultatif)",
    "declare.label_why": "Causes",
    "declare.ask_learned": (
        "Qu'en avez-vous appris, ou qu'attendez-vous de la cellule qualité ? (facultatif)"
    ),
    "declare.label_learned": "Enseignements et attentes",
    "declare.ask_gravity": (
        "Le patient a-t-il subi un dommage grave : décès, mise en jeu du pronostic vital, "
        "ou séquelle durable ?"
    ),
    "declare.label_gravity": "Dommage grave",
    "declare.gravity_yes": "Oui",
    "declare.gravity_no": "Non",
    "declare.ask_anonymity": (
        "Souhaitez-vous que le membre de la cellule qui prendra votre déclaration connaisse "
        "votre identité ? Si vous restez anonyme, tous les échanges passeront par le bot."
    ),
    "declare.label_anonymity": "Identité",
    "declare.anonymity_reveal": "Révéler mon identité",
    "declare.anonymity_anonymous": "Rester anonyme",
    "declare.anonymity_reveal_recap": "communiquée au membre de la cellule qui vous suivra",
    "declare.anonymity_anonymous_recap": "anonyme (les échanges passent par le bot)",
    "declare.ask_contact": "Comment la cellule peut-elle vous joindre ?",
    "declare.label_contact": "Contact",
    "declare.contact_phone": "Par téléphone",
    "declare.contact_message": "Par message uniquement",
    "declare.ask_phone": "À quel numéro ? (ex. 06 12 34 56 78)",
    "declare.label_phone": "Téléphone",
    "declare.phone_invalid": (
        "Ce numéro ne semble pas être un numéro français valide. "
        "Écrivez-le par exemple 06 12 34 56 78 ou +33 6 12 34 56 78."
    ),
    "declare.ask_slot": "À quel moment préférez-vous être appelé·e ? (un choix, ou en clair)",
    "declare.label_slot": "Créneau",
    "declare.slot_morning": "Le matin (8 h – 12 h)",
    "declare.slot_noon": "Le midi (12 h – 14 h)",
    "declare.slot_afternoon": "L'après-midi (14 h – 18 h)",
    "declare.slot_evening": "En fin de journée (18 h – 20 h)",
    "declare.slot_any": "Peu importe",
    "declare.recap_title": "Récapitulatif de votre déclaration. Tout est-il juste ?",
    "declare.confirmed": (
        "Merci ! Votre déclaration est enregistrée sous la référence {reference}.\n"
        "Elle a été transmise à un membre de la cellule qualité ; vous serez prévenu·e dès "
        "qu'il ou elle l'aura prise en charge. Cette démarche est bienveillante et non punitive."
    ),
    "declare.confirmed_waiting": (
        "Merci ! Votre déclaration est enregistrée sous la référence {reference}.\n"
        "La cellule qualité en est informée et la traitera ; vous serez prévenu·e dès qu'un "
        "membre l'aura prise en charge. Cette démarche est bienveillante et non punitive."
    ),
    "declare.confirmed_eigs": (
        "Merci ! Votre déclaration est enregistrée sous la référence {reference}.\n"
        "Vous avez signalé un dommage grave : il peut s'agir d'un événement indésirable grave "
        "associé aux soins (EIGS), à déclarer aux autorités. La cellule qualité vous aidera "
        "dans cette démarche, toujours de façon bienveillante et non punitive."
    ),
    "declare.cancelled": "Déclaration abandonnée : rien n'a été enregistré.",
    # Inscription
    "enroll.not_enrolled": (
        "Bonjour ! Ce service est réservé aux professionnels de la CPTS. Pour l'utiliser, "
        "demandez une invitation au coordinateur ou à la coordinatrice de votre CPTS, puis "
        "ouvrez le lien reçu (ou envoyez /start suivi du code)."
    ),
    "enroll.coordinator_contact": "Contact de la coordination : {contact}",
    "enroll.code_unknown": (
        "Ce code d'invitation n'est pas reconnu. Vérifiez-le, ou demandez une nouvelle "
        "invitation au coordinateur ou à la coordinatrice de votre CPTS."
    ),
    "enroll.code_used": (
        "Ce code d'invitation a déjà été utilisé. Demandez une nouvelle invitation au "
        "coordinateur ou à la coordinatrice de votre CPTS."
    ),
    "enroll.code_expired": (
        "Ce code d'invitation a expiré. Demandez une nouvelle invitation au coordinateur ou "
        "à la coordinatrice de votre CPTS."
    ),
    "enroll.hello": (
        "Bonjour {name}, bienvenue ! Une dernière question pour finir votre inscription."
    ),
    "enroll.welcome": "Bienvenue {name}, votre inscription est terminée.",
    "enroll.already_enrolled": "Vous êtes déjà inscrit·e, {name}.",
    "enroll.ask_profession": "Quelle est votre profession ?",
    "enroll.label_profession": "Profession",
    "enroll.ask_profession_other": "Écrivez votre profession.",
    "enroll.profession_later": "D'accord, vous pourrez indiquer votre profession plus tard.",
    "profession.medecin_generaliste": "Médecin généraliste",
    "profession.infirmier": "Infirmier·e",
    "profession.pharmacien": "Pharmacien·ne",
    "profession.masseur_kinesitherapeute": "Masseur-kinésithérapeute",
    "profession.orthophoniste": "Orthophoniste",
    "profession.sage_femme": "Sage-femme",
    "profession.psychologue": "Psychologue",
    "profession.travailleur_social": "Travailleur·se social·e",
    "profession.autre": "Autre",
    # Absences des membres de la cellule
    "absence.ask_start": "Absence : à partir de quand ? (bouton, ou une date comme 24/11)",
    "absence.label_start": "Début",
    "absence.ask_end": "Jusqu'à quand, inclus ? (ex. 28/11, vendredi, le 3 décembre)",
    "absence.label_end": "Fin",
    "absence.today": "Aujourd'hui",
    "absence.tomorrow": "Demain",
    "absence.recorded": (
        "C'est noté : vous êtes absent·e du {start} au {end} inclus. Aucun nouveau cas ne vous "
        "sera confié pendant cette période. /disponible pour l'annuler."
    ),
    "absence.cancelled": "D'accord, aucune absence n'a été enregistrée.",
    "absence.date_unreadable": "Je n'ai pas reconnu cette date.",
    "absence.date_past": (
        "Cette date est déjà passée : une absence se déclare pour aujourd'hui ou plus tard."
    ),
    "absence.date_too_far": "Cette date est à plus d'un an : vérifiez-la.",
    "absence.end_before_start": "La fin est avant le début : vérifiez les dates.",
    "absence.examples": (
        "Exemples : /absent du 24/11 au 28/11, /absent jusqu'à lundi, /absent demain, ou "
        "/absent seul pour être guidé·e."
    ),
    "absence.cell_only": "Cette commande est réservée aux membres de la cellule qualité.",
    "absence.back": "C'est noté : vous êtes de nouveau disponible pour recevoir des cas.",
    "absence.was_available": "Vous étiez déjà disponible : aucune absence n'était prévue.",
    "absence.was_available_now": "Vous êtes disponible aujourd'hui.",
    "absence.planned": "Absences prévues (un bouton annule l'une d'elles) :",
    "absence.planned_line": "• du {start} au {end}",
    "absence.cancel_button": "Annuler le {start}–{end}",
    "absence.planned_cancelled": "C'est noté : l'absence du {start} au {end} est annulée.",
    "absence.already_cancelled": "Cette absence n'est plus prévue.",
    "leave.ask_absence": "Vous n'avez pas fini de déclarer votre absence. Passer à autre chose ?",
    "help.absence": "Indiquez vos dates d'absence, ou /annuler.",
    "draft.reminder_absence": "Vous n'avez pas fini de déclarer votre absence. La reprendre ?",
    # Cartes de cas (cellule qualité, pilote)
    "card.header_offer": (
        "Nouveau cas pour vous : {reference}. Merci de répondre avant le {deadline}."
    ),
    "card.header_pilot_eigs": (
        "⚠️ {reference} : dommage grave signalé, événement indésirable grave possible (EIGS)."
    ),
    "card.header_pilot_escalated": (
        "{reference} : aucun membre de la cellule n'a pris ce cas. Vous pouvez l'attribuer."
    ),
    "card.header_pilot_nobody": (
        "{reference} : aucun membre de la cellule n'est disponible pour ce cas. Vous pouvez "
        "l'attribuer."
    ),
    "card.when": "{date} à {time}",
    "card.header_pilot_still": (
        "{reference} n'est toujours pris en charge par personne. Vous pouvez l'attribuer."
    ),
    "card.type": "Type : {value}",
    "card.date": "Date : {value}",
    "card.eigs": "⚠️ Dommage grave signalé : EIGS possible",
    "card.facts": "Faits : {value}",
    "card.why": "Causes : {value}",
    "card.learned": "Enseignements et attentes : {value}",
    "card.contact_anonymous": "Contact : déclarant·e anonyme, échanges par le bot uniquement",
    "card.contact_message": "Contact : {who}, par message via le bot",
    "card.contact_phone": "Contact : {who}, au {phone} ({slot})",
    "card.claim": "Je prends en charge",
    "card.decline": "Je ne peux pas",
    "card.full": "Voir tout",
    "card.assign": "Attribuer",
    "card.full_title": "{reference}, en entier :",
    "card.claimed_yours": "✅ Vous avez pris en charge {reference}.",
    "card.next_step": (
        "Merci ! Vous suivez désormais {reference}. Prochaine étape : contacter la personne "
        "qui l'a déclaré. Dites-moi quand c'est fait :"
    ),
    "card.declined_yours": (
        "{reference} : vous avez décliné, merci de l'avoir dit ; le cas suit son cours."
    ),
    "card.expired_yours": (
        "{reference} : sans réponse dans le délai, le cas a été proposé à un autre membre."
    ),
    "card.decline_reason": (
        "Si vous le souhaitez, dites pourquoi vous ne pouvez pas prendre {reference} (facultatif) :"
    ),
    "card.reason_absent": "Absent·e",
    "card.reason_busy": "Trop de cas en cours",
    "card.reason_conflict": "Je connais les personnes",
    "card.reason_other": "Autre raison",
    "card.reason_recorded": "Merci, c'est noté.",
    "card.reminder": (
        "Rappel : {reference} attend votre réponse, avec les boutons de sa carte ci-dessus."
    ),
    "card.taken_by": "{reference} a été pris en charge par {who}.",
    "card.already_yours": "Vous avez déjà pris en charge {reference}.",
    "card.closed": "{reference} est clos.",
    "card.no_longer_offered": "{reference} ne vous est plus proposé.",
    "card.not_for_you": "Ce bouton ne vous est pas destiné.",
    "card.unknown_case": "Je ne trouve pas ce cas.",
    "card.pilot_only": "Cette action est réservée à la pilote ou au pilote de la cellule qualité.",
    "card.already_handled": "{reference} est déjà pris en charge ou clos.",
    "card.absent": ", absent·e",
    "card.assignee": "{name} ({cases} cas{note})",
    "card.no_cell_member": "Aucun membre de la cellule qualité n'est inscrit.",
    "card.pick_assignee": "À qui confier {reference} ?",
    "card.assigned_by_hand": "{reference} est proposé à {name}, qui doit le confirmer.",
    "card.assign_usage": "Indiquez la référence du cas, par exemple : /assigner REX-2026-0042",
    "card.declarant_taken_message": (
        "Bonne nouvelle : votre déclaration {reference} est prise en charge par un membre de la "
        "cellule qualité ({who}). Il ou elle vous écrira ici, par le bot."
    ),
    "card.declarant_taken_phone": (
        "Bonne nouvelle : votre déclaration {reference} est prise en charge par un membre de la "
        "cellule qualité ({who}). Il ou elle vous appellera au créneau indiqué."
    ),
    # Premier contact avec le déclarant
    "contact.call": "Appel passé",
    "contact.message": "Message envoyé",
    "contact.unreachable": "Injoignable",
    "contact.recorded": "Noté : le premier contact pour {reference} est enregistré. Merci !",
    "contact.ask_retry": (
        "{reference} : quand réessayer ? Choisissez, ou écrivez un jour (ex. « mercredi », "
        "« 3/12 »)."
    ),
    "contact.retry_not_today": "Choisissez un jour à venir (à partir de demain) :",
    "contact.retry_1": "Le prochain jour ouvré",
    "contact.retry_2": "Dans 2 jours ouvrés",
    "contact.retry_5": "Dans une semaine",
    "contact.retry_set": "D'accord : je vous le rappellerai le {date} pour {reference}.",
    "contact.reminder": (
        "Rappel : aucun premier contact n'est encore noté pour {reference}. Dites-moi quand "
        "c'est fait :"
    ),
    "contact.pilot_alert": (
        "{reference} : pris en charge par {who}, mais aucun premier contact n'est noté dans le "
        "délai prévu."
    ),
    # Journal des échanges
    "journal.no_files": (
        "Les fichiers et photos ne sont pas acceptés ici : aucun document de patient ne doit "
        "passer par ce canal. Décrivez par écrit, sans identifier le patient."
    ),
    "journal.which_case": "À propos de quel cas est ce message ?",
    "journal.not_about_a_case": "Aucun",
    "journal.not_sent": "D'accord, ce message n'a été transmis à personne.",
    "journal.not_a_party": "Vous ne pouvez pas écrire sur {reference}.",
    "journal.declarant": "Déclarant·e",
    "journal.cell_member": "Cellule qualité ({who})",
    "journal.kept_until_taken": (
        "Message ajouté au journal de {reference}. Il sera lu par le membre de la cellule qui "
        "prendra votre déclaration en charge."
    ),
    "journal.sent_to_member": "Transmis au membre de la cellule qui suit {reference}.",
    "journal.sent_to_declarant": "Transmis à la personne qui a déclaré {reference}.",
    "journal.writing_to_member": (
        "Vous écrivez au membre de la cellule qui suit {reference} : vos prochains messages lui "
        "seront transmis. Une commande (/menu) vous fait sortir."
    ),
    "journal.writing_to_declarant": (
        "Vous écrivez à la personne qui a déclaré {reference} : vos prochains messages lui "
        "seront transmis. Une commande (/menu) vous fait sortir."
    ),
    "journal.write_about": "Écrire sur {reference}",
    "journal.no_files_in_hand": "Vous ne suivez aucun cas en ce moment.",
    "journal.files_title": "Les cas que vous suivez ({count}) :",
    "journal.waiting": (
        "La personne qui a déclaré {reference} a déjà écrit {count} message(s) : "
        "/journal {reference} pour les lire."
    ),
    "journal.relayed": "[{reference}] {author} : {text}",
    "journal.relayed_discreet": "[{reference}] Nouveau message de {author}.",
    "journal.line": "{when} — {who} : {text}",
    "journal.not_a_reader": (
        "Le journal de {reference} n'est lisible que par ses deux parties et la pilote."
    ),
    "journal.unknown": "Je ne trouve pas de cas {reference}.",
    "journal.usage": "Indiquez la référence, par exemple : /journal REX-2026-0042",
    "journal.empty": "Aucun échange pour {reference} pour l'instant.",
    "journal.title": "Journal des échanges de {reference} :",
    "journal.role_declarant": "Déclarant·e",
    "journal.role_member": "Cellule qualité",
    # La cellule (vue de la pilote)
    "roster.pilot_only": "Cette commande est réservée à la pilote ou au pilote de la cellule.",
    "roster.empty": "Aucun membre de la cellule qualité n'est encore inscrit.",
    "roster.title": "La cellule qualité ({count} membres) :",
    "roster.no_secure_mail": (
        "🔒 Sans messagerie sécurisée (ne reçoivent pas le détail des cas) : {names}. "
        "Chacun peut la relier avec /canal."
    ),
    "roster.line": "• {name}, {profession} — {cases} — {presence} — {skills}",
    "roster.cases_none": "aucun cas ouvert",
    "roster.cases_one": "1 cas ouvert",
    "roster.cases_many": "{count} cas ouverts",
    "roster.available": "disponible",
    "roster.absent_until": "absent·e jusqu'au {date}",
    "roster.no_skill": "aucune compétence indiquée",
    "roster.edit_skills": "Compétences : {name}",
    "roster.skills_of": (
        "Compétences — {name} : touchez un type de REX pour l'ajouter ou le retirer."
    ),
    "roster.done": "Terminé",
    "roster.hours_text": "de {opens} à {closes}, le {days}",
    "roster.hours_current": (
        "Vos heures de travail : {hours}. Les délais de réponse aux cartes les comptent. "
        "Pour les changer : /horaires 09:00-17:00 1-4 (jours : 1 = lundi), ou /horaires défaut."
    ),
    "roster.hours_set": "C'est noté : vos heures de travail sont {hours}.",
    "roster.hours_reset": "Vous suivez de nouveau les heures du territoire : {hours}.",
    "roster.hours_usage": (
        "Je n'ai pas compris. Exemples : /horaires 09:00-17:00, /horaires 8h-12h 1-5 "
        "(jours : 1 = lundi … 7 = dimanche), /horaires défaut."
    ),
    "roster.name_setting": (
        "Quand vous prenez un cas en charge, le déclarant apprend : {current}. Changer ?"
    ),
    "roster.name_set": "C'est noté : les déclarants apprendront {current}.",
    "roster.shown_name": "votre nom et votre profession",
    "roster.shown_profession": "votre profession seulement",
    "roster.show_name": "Mon nom et ma profession",
    "roster.hide_name": "Ma profession seulement",
    "roster.unknown_member": "Ce membre n'est pas (ou plus) dans la cellule qualité.",
    # Menu et commandes
    "menu.prompt": "Que souhaitez-vous faire ?",
    "menu.hello": "Bonjour {name} !",
    "menu.declare": "Déclarer un REX",
    "menu.my_cases": "Mes déclarations",
    "menu.help": "Aide",
    "my_cases.none": "Vous n'avez encore fait aucune déclaration.",
    "my_cases.title": "Vos déclarations ({count}) :",
    "my_cases.line": "• {reference} — {date} — {type} — {status}",
    "status.declared": "déclarée, en attente de prise en charge",
    "status.assigned": "attribuée à un membre de la cellule",
    "status.in_progress": "en cours de traitement",
    "status.resolved": "résolue",
    "status.unresolved": "close sans résolution",
    "status.withdrawn": "retirée",
    "idle.not_understood": "Je n'ai pas compris votre message.",
    "idle.media": "Je ne peux pas lire les photos, messages vocaux, autocollants ni fichiers.",
    "command.declarer": "Déclarer un retour d'expérience (REX)",
    "command.mes_declarations": "Mes déclarations et leur suivi",
    "command.aide": "Aide",
    "command.annuler": "Quitter le formulaire en cours",
    "command.langue": "Changer de langue",
    "command.unknown": "La commande /{command} n'existe pas.",
    "command.nothing_to_cancel": "Il n'y a rien à annuler.",
    "help.general": (
        "rexbot vous permet de déclarer un retour d'expérience (REX) à la cellule qualité de la "
        "CPTS, dans une démarche bienveillante et non punitive.\n\n"
        "/declarer — déclarer un REX (quelques questions courtes)\n"
        "/mes_declarations — voir vos déclarations et leur suivi\n"
        "/rcp — les réunions de concertation : proposer un sujet, voter, vos décisions\n"
        "/canal — recevoir les messages sur Telegram ou par la messagerie sécurisée\n"
        "/retirer REX-… — retirer une de vos déclarations ; /rouvrir REX-… — rouvrir un cas clos\n"
        "/annuler — quitter le formulaire en cours\n"
        "/langue — changer de langue\n"
        "/aide — ce message\n\n"
        "Vous pouvez répondre avec les boutons, ou en écrivant le numéro ou le texte d'un choix. "
        "N'indiquez jamais le nom, la date de naissance ou le numéro de sécurité sociale d'un "
        "patient."
    ),
    "help.cell": (
        "Pour la cellule qualité :\n"
        "/dossiers — les cas que vous suivez, leur niveau et leur prochaine échéance\n"
        "/cas REX-… — la fiche d'un cas : niveau, étapes, clôture\n"
        "/journal REX-… — l'historique des échanges d'un cas\n"
        "/absent — indiquer une absence (ex. /absent du 24/11 au 28/11) ; /disponible — la lever\n"
        "/nom — montrer ou non votre nom aux déclarants\n"
        "/horaires — vos heures de travail (les délais de réponse les comptent)"
    ),
    "help.pilot": (
        "Pour la pilote ou le pilote :\n"
        "/cellule — les membres, leurs cas, leur présence et leurs compétences\n"
        "/assigner REX-… — confier un cas à un membre\n"
        "/cas REX-… — la fiche d'un cas (niveau, réunion, rapport à valider)\n"
        "/indicateurs — les indicateurs de l'année\n"
        "/journal REX-… — l'historique des échanges d'un cas"
    ),
    "help.declare": (
        "Vous êtes en train de déclarer un REX. Répondez à la question ci-dessous ; vous "
        "pourrez tout relire et corriger avant de confirmer. /annuler abandonne la déclaration "
        "sans rien enregistrer."
    ),
    "help.enroll": (
        "Vous terminez votre inscription. Choisissez votre profession ci-dessous, ou /annuler "
        "pour l'indiquer plus tard."
    ),
    "leave.ask_declare": (
        "Vous avez une déclaration en cours. Voulez-vous la quitter ? Ce qui n'est pas "
        "confirmé sera perdu."
    ),
    "leave.ask_enroll": "Vous n'avez pas fini de choisir votre profession. Passer à autre chose ?",
    "leave.yes": "Quitter",
    "leave.no": "Continuer",
    "language.ask": "Choisissez votre langue :",
    "language.name_fr": "Français",
    "language.name_en": "English",
    "language.set": "C'est noté : je vous parlerai en français.",
    "draft.reminder_declare": (
        "Vous avez commencé une déclaration sans la terminer. Voulez-vous la reprendre ?"
    ),
    "draft.reminder_enroll": "Votre inscription n'est pas tout à fait terminée. La reprendre ?",
    "draft.resume": "Reprendre",
    "draft.drop": "Abandonner",
    # Transports
    "error.internal": (
        "Désolé, une erreur technique est survenue : votre dernier message n'a pas été pris en "
        "compte. Réessayez dans un instant."
    ),
    "console.intro": (
        "Console rexbot — {territory}. Vous êtes {name}. Tapez /as NOM pour changer "
        "d'identité, /qui pour la liste, /quitter pour sortir. Un numéro choisit un bouton."
    ),
    "console.demo_invitation": (
        "Pour essayer l'inscription d'une nouvelle personne : /nouveau, puis /start {code}"
    ),
    "console.switched": "Vous êtes maintenant {name} ({role}).",
    "console.unknown_identity": "Aucun membre ne s'appelle « {name} ». Membres : {names}",
    "console.new_identity": (
        "Vous êtes maintenant une personne non inscrite ({name}). Pour vous inscrire, envoyez "
        "/start suivi d'un code d'invitation : celui affiché au démarrage, ou un code créé "
        "avec « rexbot --demo invite --role professional --name … »."
    ),
    "role.professional": "professionnel·le",
    "role.cell": "cellule qualité",
    "role.pilot": "pilote",
    "role.coordinator": "coordination",
    "role.admin": "administration",
    "console.members": "Membres de démonstration : {names}",
    "console.attachment": "   📎 fichier joint, enregistré ici : {path}",
    "console.for": "→ pour {name}",
    # Suivi des cas par niveau (issue 4)
    "work.level_1": "niveau 1 — réglé en un échange",
    "work.level_2": "niveau 2 — orientation, point à 15 jours",
    "work.level_3": "niveau 3 — analyse en réunion de cellule",
    "work.level_4": "niveau 4 — événement indésirable grave (EIGS)",
    "work.level_none": "niveau à choisir",
    "work.level_1_button": "Niveau 1 — réglé",
    "work.level_2_button": "Niveau 2 — orienter",
    "work.level_3_button": "Niveau 3 — réunion de cellule",
    "work.level_4_button": "Niveau 4 — EIGS",
    "work.pick_level": "{reference} : quel niveau ?",
    "work.current_level": "{label} (actuel)",
    "work.eigs_no_withdraw": (
        "{reference} a été déclaré comme EIGS aux autorités : la partie 2 reste due, il ne peut "
        "pas être retiré. Écrivez au membre de la cellule qui le suit (/mes_declarations)."
    ),
    "work.same_level": "{reference} est déjà au niveau {level}.",
    "work.change_level": "Changer de niveau",
    "work.close": "Clore le cas",
    "work.close_resolved": "Résolu",
    "work.close_unresolved": "Non résolu",
    "work.write": "Écrire au déclarant",
    "work.open_label": "Ouvrir {reference}",
    "work.action_done_label": "Fait : {text}",
    "work.closed": "{reference} est clos : il n'y a plus rien à faire sur ce cas.",
    "work.not_yours": ("Seul le membre qui suit {reference}, ou le pilote, peut agir sur ce cas."),
    "work.declarant_only": "Seule la personne qui a déclaré {reference} peut faire cela.",
    "work.input_cancelled": "Saisie abandonnée : rien n'a été enregistré.",
    "work.case_usage": "Indiquez la référence du cas, par exemple : /cas REX-2026-0042",
    "work.panel_title": "{reference} · {type}\nStatut : {status}",
    "work.panel_level": "Niveau : {level}",
    "work.panel_no_level": "Niveau : à choisir (boutons ci-dessous).",
    "work.panel_orientation": "Orienté vers : {to}",
    "work.eigs_part1_missing": "EIGS : la partie 1 n'est pas encore déclarée.",
    "work.eigs_part2_due": (
        "EIGS : partie 1 déclarée le {part1} ; partie 2 à déclarer au plus tard le {date}."
    ),
    "work.eigs_done": "EIGS : les deux parties sont déclarées.",
    "work.file_line": "• {reference} — {level}",
    "work.file_line_due": (
        "• {reference} — {level}\n   prochaine échéance : {what}, {date} à {time}"
    ),
    "work.due_checkin": "point avec le déclarant",
    "work.due_meeting": "réunion de cellule",
    "work.due_action": "action à faire",
    "work.due_eigs1": "déclarer la partie 1 de l'EIGS",
    "work.due_eigs2": "déclarer la partie 2 de l'EIGS",
    "work.due_contact": "premier contact",
    "work.due_ack": "réponse à la carte",
    "work.due_other": "rappel",
    "work.my_actions": "Vos actions à mener ({count}) :",
    "work.my_action_line": "• {reference} : {text} — pour le {date}",
    "work.pick_level_after_claim": (
        "{reference} : quand vous aurez fait le point, choisissez le niveau :"
    ),
    "work.ask_outcome": (
        "Niveau 1 : qu'est-ce qui a réglé le problème ? Une ou deux phrases, sans nom de patient. "
        "Le déclarant les lira."
    ),
    "work.label_outcome": "Ce qui a réglé le problème",
    "work.level1_declarant": (
        "{reference} : le membre de la cellule qualité a noté que votre problème est réglé.\n"
        "« {outcome} »"
    ),
    "work.level1_declarant_discreet": (
        "{reference} : le membre de la cellule qualité a noté que votre problème est réglé."
    ),
    "work.level1_done": "{reference} est clos comme résolu (niveau 1). Merci !",
    "work.level_changed_holder": "{reference} passe au niveau {level}.",
    "work.ask_close_status": "Le problème est-il résolu ?",
    "work.label_status": "Résultat",
    "work.ask_close_reason": "En une phrase : pourquoi clore le cas maintenant ?",
    "work.label_reason": "Raison",
    "work.closed_by_you_resolved": "{reference} est clos comme résolu. Merci !",
    "work.closed_by_you_unresolved": (
        "{reference} est clos sans résolution. Merci d'avoir suivi ce cas."
    ),
    "work.closed_declarant_resolved": (
        "{reference} est clos : votre problème est considéré comme résolu. Si ce n'est pas le "
        "cas, vous pouvez le rouvrir pendant {days} jours."
    ),
    "work.closed_declarant_unresolved": (
        "{reference} est clos sans solution trouvée. Merci de l'avoir signalé : il compte pour "
        "le bilan de la cellule qualité. Vous pouvez le rouvrir pendant {days} jours."
    ),
    "work.closed_holder_resolved": "{reference} est clos comme résolu.",
    "work.closed_holder_unresolved": "{reference} est clos sans résolution.",
    "work.reopen": "Rouvrir le cas",
    "work.level3_closes_itself": (
        "{reference} est en analyse (niveau 3) : il se clôt de lui-même quand les six étapes "
        "sont faites et toutes les actions terminées ou abandonnées."
    ),
    "work.eigs_before_close": (
        "{reference} est un EIGS : il se clôt une fois les deux parties de la déclaration "
        "notées (ou s'il s'avère que ce n'est pas un EIGS)."
    ),
    "work.withdraw_usage": "Indiquez la référence à retirer, par exemple : /retirer REX-2026-0042",
    "work.ask_withdraw_reason": (
        "Vous retirez votre déclaration. En une phrase, pourquoi ? (facultatif pour vous, "
        "utile pour la cellule) — ou /annuler pour la garder."
    ),
    "work.withdrawn": "{reference} est retiré. Merci de nous avoir tenus au courant.",
    "work.withdrawn_holder": (
        "{reference} a été retiré par la personne qui l'a déclaré : « {reason} »."
    ),
    "work.reopen_usage": "Indiquez la référence à rouvrir, par exemple : /rouvrir REX-2026-0042",
    "work.still_open": "{reference} est encore ouvert : il n'y a rien à rouvrir.",
    "work.too_late_to_reopen": (
        "{reference} ne peut plus être rouvert (plus de {days} jours, ou retiré). Déclarez un "
        "nouveau REX avec /declarer."
    ),
    "work.reopened": "{reference} est rouvert : la cellule qualité est prévenue.",
    "work.reopened_holder": "{reference} a été rouvert par la personne qui l'a déclaré.",
    "contact.recorded_pick_level": (
        "Noté : le premier contact pour {reference} est enregistré. Merci !\n\n"
        "Quel niveau pour ce cas ?"
    ),
    "card.expired_to_pilot": (
        "{reference} : sans réponse dans le délai, le cas a été confié au pilote."
    ),
    # Niveau 2 : orientation et point à 15 jours
    "checkin.ask_orientation": (
        "Niveau 2 : vers qui ou quoi orientez-vous le déclarant ? Un professionnel de "
        "l'annuaire, un service, une ressource (ex. « Dr Lefèvre, pharmacien à Vif »)."
    ),
    "checkin.label_orientation": "Orientation",
    "checkin.oriented": (
        "{reference} est au niveau 2. Je demanderai au déclarant le {when} si son problème "
        "est résolu, et je vous dirai sa réponse."
    ),
    "checkin.reoriented": (
        "{reference} : nouvelle orientation notée. Je referai le point avec le déclarant le {when}."
    ),
    "checkin.told_declarant": (
        "{reference} : la cellule qualité vous oriente vers : {to}.\n"
        "Je reviendrai vers vous le {when} pour savoir si votre problème est résolu."
    ),
    "checkin.told_declarant_discreet": (
        "{reference} : la cellule qualité vous oriente vers un·e collègue ou une ressource.\n"
        "Je reviendrai vers vous le {when} pour savoir si votre problème est résolu."
    ),
    "checkin.question": (
        "{reference} : vous aviez été orienté·e vers {to}. Votre problème est-il résolu ?"
    ),
    "checkin.question_discreet": "{reference} : votre problème est-il résolu ?",
    "checkin.question_again": (
        "{reference} : petit rappel. Votre problème est-il résolu ? Un appui sur un bouton suffit."
    ),
    "checkin.answer_yes": "Oui",
    "checkin.answer_partly": "En partie",
    "checkin.answer_no": "Non",
    "checkin.task_sent": (
        "{reference} : j'ai demandé au déclarant si son problème est résolu. Je vous transmets "
        "sa réponse ; à vous ensuite de valider la résolution ou de décider de la suite."
    ),
    "checkin.thanks_yes": "Merci ! {reference} est clos comme résolu.",
    "checkin.thanks_not_yet": (
        "Merci de votre réponse. Le membre de la cellule qui suit {reference} est prévenu et "
        "reviendra vers vous."
    ),
    "checkin.holder_partly": (
        "{reference} : le déclarant dit que son problème n'est résolu qu'en partie. Que faire ?"
    ),
    "checkin.holder_no": (
        "{reference} : le déclarant dit que son problème n'est pas résolu. Que faire ?"
    ),
    "checkin.no_answer_call": (
        "{reference} : le déclarant n'a pas répondu au point à 15 jours, ni au rappel. Pouvez-vous "
        "l'appeler, puis dire ici ce qu'il en est ?"
    ),
    "checkin.no_answer_write": (
        "{reference} : le déclarant (anonyme) n'a pas répondu au point à 15 jours, ni au rappel. "
        "Écrivez-lui par /dossiers, puis dites ici ce qu'il en est."
    ),
    "checkin.close_resolved": "Résolu : clore",
    "checkin.close_unresolved": "Clore non résolu",
    "checkin.orient_again": "Réorienter",
    "checkin.to_level3": "Passer au niveau 3",
    "checkin.not_yours": "Cette question ne vous concerne pas.",
    "checkin.case_closed": (
        "{reference} est déjà clos : merci, votre réponse n'est plus nécessaire."
    ),
    "checkin.superseded": (
        "Cette question sur {reference} n'est plus d'actualité : le cas a changé de suite depuis."
    ),
    "checkin.already": "Vous avez déjà répondu pour {reference}. Merci !",
    # Satisfaction
    "satisfaction.intro_declarant": (
        "{reference} : votre avis nous aide à progresser (2 questions, anonyme)."
    ),
    "satisfaction.intro_involved": (
        "{reference} : vous avez participé à l'analyse de ce cas. Votre avis nous aide à "
        "progresser (2 questions, anonyme)."
    ),
    "satisfaction.q_reactivity": (
        "La cellule qualité a-t-elle réagi assez vite ? De 1 (pas du tout) à 5 (tout à fait)."
    ),
    "satisfaction.q_help": (
        "Son aide vous a-t-elle été utile ? De 1 (pas du tout) à 5 (tout à fait)."
    ),
    "satisfaction.score_1": "1",
    "satisfaction.score_2": "2",
    "satisfaction.score_3": "3",
    "satisfaction.score_4": "4",
    "satisfaction.score_5": "5",
    "satisfaction.ask_comment": "Merci ! Un commentaire à ajouter ?",
    "satisfaction.write_comment": "Écrire un commentaire",
    "satisfaction.no_comment": "Non merci",
    "satisfaction.ask_comment_text": "Votre commentaire (sans nom de patient) :",
    "satisfaction.label_comment": "Commentaire",
    "satisfaction.thanks": "Merci pour votre avis !",
    "satisfaction.already": "Vous avez déjà répondu à cette question. Merci !",
    "satisfaction.not_yours": "Ce questionnaire ne vous est pas destiné.",
    # Niveau 3 : analyse en réunion de cellule
    "analysis.title": "{reference} — analyse en cellule (niveau 3)",
    "analysis.meeting_on": "Réunion de cellule : {date} à {time}",
    "analysis.step_1": "N1 Données recueillies",
    "analysis.step_2": "N2 Faits dans l'ordre chronologique ({count} noté·s)",
    "analysis.step_3": "N3 Écarts et facteurs contributifs ({count} noté·s)",
    "analysis.step_4": "N4 Plan d'action ({count} action·s)",
    "analysis.step_5": "N5 Enquête de satisfaction des professionnels concernés",
    "analysis.step_6": "N6 Rapport final validé par le pilote",
    "analysis.action_open": "   ▸ {text} — {owner}, pour le {date}",
    "analysis.action_done": "   ✔ {text} — {owner} (fait)",
    "analysis.action_dropped": "   ✖ {text} — {owner} (abandonnée)",
    "analysis.owner_left": "{name} (a quitté la CPTS : à réattribuer)",
    "analysis.report_waiting": "Le rapport final attend la validation du pilote.",
    "analysis.mark_1": "N1 fait",
    "analysis.add_fact": "Ajouter un fait daté",
    "analysis.mark_2": "N2 fait",
    "analysis.add_factor": "Ajouter un facteur",
    "analysis.mark_3": "N3 fait",
    "analysis.add_action": "Ajouter une action",
    "analysis.mark_4": "N4 fait",
    "analysis.reassign": "Réattribuer l'action",
    "analysis.send_survey": "N5 Envoyer l'enquête",
    "analysis.write_report": "N6 Rapport final",
    "analysis.approve": "Valider le rapport",
    "analysis.set_meeting": "Fixer la réunion",
    "analysis.step_2_empty": "{reference} : ajoutez d'abord au moins un fait daté.",
    "analysis.step_3_empty": "{reference} : ajoutez d'abord au moins un facteur contributif.",
    "analysis.step_4_empty": "{reference} : ajoutez d'abord au moins une action.",
    "analysis.step_already": "Cette étape est déjà faite.",
    "analysis.closed": (
        "Les six étapes sont faites et toutes les actions terminées : {reference} est clos."
    ),
    "analysis.told_declarant": (
        "{reference} : votre déclaration va être analysée en réunion par la cellule qualité "
        "(niveau 3). Vous serez tenu·e au courant."
    ),
    "analysis.pilot_meeting": "{reference} passe au niveau 3 : fixez la réunion de cellule.",
    "analysis.pilot_only": "Seul le pilote peut faire cela.",
    "analysis.not_level3": "{reference} n'est pas (ou plus) en analyse de niveau 3.",
    "analysis.ask_meeting_day": "Quel jour, la réunion de cellule ? (ex. « jeudi », « 3/12 »)",
    "analysis.label_day": "Jour",
    "analysis.ask_meeting_time": "À quelle heure ? (ex. « 12h30 »)",
    "analysis.label_time": "Heure",
    "analysis.date_past": "Cette date est déjà passée : indiquez une date à venir.",
    "analysis.date_unreadable": (
        "Je n'ai pas compris cette date. Exemples : « jeudi », « 3/12 », « 15 janvier »."
    ),
    "analysis.time_unreadable": (
        "Je n'ai pas compris l'heure. Exemples : « 12h30 », « 9h », « 18:00 »."
    ),
    "analysis.meeting_set": (
        "Réunion pour {reference} fixée au {date} à {time}. {count} membre·s invité·s, avec un "
        "rappel la veille."
    ),
    "analysis.invitation": (
        "Réunion de la cellule qualité pour {reference} : {date} à {time}. Un rappel vous "
        "sera envoyé la veille."
    ),
    "analysis.meeting_reminder": (
        "Rappel : réunion de la cellule qualité pour {reference} demain, {date} à {time}."
    ),
    "analysis.ask_moment": (
        "N2 : quand est-ce arrivé ? Une date, avec l'heure si vous la connaissez "
        "(ex. « 12/11 14h30 », « hier 9h »)."
    ),
    "analysis.label_moment": "Quand",
    "analysis.moment_future": "Cette date est dans le futur : indiquez quand c'est arrivé.",
    "analysis.moment_unreadable": (
        "Je n'ai pas compris. Exemples : « 12/11 14h30 », « hier 9h », « 12/11 »."
    ),
    "analysis.ask_fact": "Que s'est-il passé à ce moment-là ? (des faits, sans nom de patient)",
    "analysis.label_fact": "Fait",
    "analysis.timeline_title": "Chronologie de {reference} :",
    "analysis.ask_family": "N3 : de quelle famille relève ce facteur ?",
    "analysis.label_family": "Famille",
    "analysis.family_patient": "Patient",
    "analysis.family_tasks": "Tâches",
    "analysis.family_individual": "Individu (professionnel)",
    "analysis.family_team": "Équipe",
    "analysis.family_environment": "Environnement de travail",
    "analysis.family_organisation": "Organisation",
    "analysis.ask_factor": "Décrivez l'écart ou le facteur contributif, en une ou deux phrases :",
    "analysis.label_factor": "Facteur",
    "analysis.factor_added": "Facteur noté.",
    "analysis.ask_action": (
        "N4 : quelle action ? (ex. « Fiche de liaison ville-hôpital pour les sorties du vendredi »)"
    ),
    "analysis.label_action": "Action",
    "analysis.ask_owner": (
        "Qui en est responsable ? Choisissez, ou tapez le nom d'un membre de l'annuaire."
    ),
    "analysis.label_owner": "Responsable",
    "analysis.owner_unknown": (
        "Je ne trouve pas ce membre (ou plusieurs portent ce nom). Choisissez un bouton, ou "
        "tapez le nom complet."
    ),
    "analysis.ask_due": ("Pour quand ? Une date précise (ex. « 15/01 », « vendredi »)."),
    "analysis.label_due": "Échéance",
    "analysis.due_past": "Cette échéance est déjà passée : indiquez une date à venir.",
    "analysis.action_added": "Action notée et confiée à {owner}.",
    "analysis.action_given": (
        "{reference} : une action vous est confiée par la cellule qualité :\n« {text} »\n"
        "À faire pour le {date}. Dites-moi quand c'est fait."
    ),
    "analysis.action_done_button": "C'est fait",
    "analysis.ask_done_note": "Bravo ! En une phrase, qu'avez-vous fait ?",
    "analysis.label_note": "Note",
    "analysis.ask_drop_reason": "Pourquoi abandonner cette action ?",
    "analysis.label_reason": "Raison",
    "analysis.action_done_recorded": "Action « {text} » notée comme faite. Merci !",
    "analysis.action_dropped_recorded": "Action « {text} » abandonnée.",
    "analysis.action_done_holder": "{reference} : l'action « {text} » est faite : « {note} ».",
    "analysis.action_soon": "{reference} : rappel, l'action « {text} » est à faire pour le {date}.",
    "analysis.action_late": (
        "{reference} : l'action « {text} » devait être faite le {date}. Où en est-elle ?"
    ),
    "analysis.action_late_holder": (
        "{reference} : l'action « {text} » confiée à {owner} est en retard (échéance le {date})."
    ),
    "analysis.action_unknown": "Je ne trouve pas cette action.",
    "analysis.action_closed": "L'action « {text} » est déjà terminée.",
    "analysis.owner_gone": (
        "{reference} : la personne responsable de l'action « {text} » a quitté la CPTS. "
        "Réattribuez l'action :"
    ),
    "analysis.pick_owner": "À qui confier l'action « {text} » ?",
    "analysis.reassigned": "Action confiée à {owner}.",
    "analysis.drop": "Abandonner : {text}",
    "analysis.survey_none": (
        "Les personnes concernées ont déjà été interrogées sur ce cas : l'étape N5 est faite."
    ),
    "analysis.survey_sent": "Enquête de satisfaction envoyée à {count} personne·s.",
    "analysis.ask_report": (
        "N6 : le rapport final (ce qui s'est passé, pourquoi, ce qui change), sans nom de patient. "
        "Le pilote le validera."
    ),
    "analysis.label_report": "Rapport final",
    "analysis.report_sent": "Rapport envoyé au pilote pour validation.",
    "analysis.report_to_approve": "{reference} : rapport final à valider :\n\n{text}",
    "analysis.no_report": "{reference} n'a pas encore de rapport final à valider.",
    "analysis.report_approved": "Rapport final validé.",
    # Niveau 4 : EIGS
    "eigs.guide_member": (
        "{reference} est traité comme un événement indésirable grave associé à des soins (EIGS, "
        "niveau 4) : un événement inattendu ayant entraîné un décès, une mise en jeu du "
        "pronostic vital ou un probable déficit fonctionnel permanent.\n\n"
        "Il se déclare à l'ARS sur le portail national signalement.social-sante.gouv.fr, en "
        "deux parties :\n• partie 1, sans délai : les premiers éléments ;\n"
        "• partie 2, dans les 3 mois : l'analyse et le plan d'action.\n\n"
        "Je vous le rappellerai chaque jour ouvré jusqu'à ce que la partie 1 soit notée. Si ce "
        "n'est pas un EIGS, dites-le (avec une raison)."
    ),
    "eigs.guide_declarant": (
        "{reference} : votre déclaration relève peut-être d'un événement indésirable grave "
        "(EIGS). Le membre de la cellule qualité qui la suit vous aide à le déclarer à l'ARS "
        "(portail signalement.social-sante.gouv.fr) : la partie 1 sans délai, la partie 2 "
        "dans les 3 mois. Vous n'êtes pas seul·e."
    ),
    "eigs.part1_done": "Partie 1 déclarée",
    "eigs.part2_done": "Partie 2 déclarée",
    "eigs.not_eigs": "Ce n'est pas un EIGS",
    "eigs.part1_reminder": (
        "{reference} : la partie 1 de la déclaration d'EIGS n'est pas encore notée. À faire sans "
        "délai sur signalement.social-sante.gouv.fr, puis appuyez ci-dessous."
    ),
    "eigs.part2_reminder": (
        "{reference} : la partie 2 de la déclaration d'EIGS est à faire avant le {date} "
        "(dans {days} jours)."
    ),
    "eigs.part2_late": (
        "{reference} : la partie 2 de la déclaration d'EIGS devait être faite le {date}."
    ),
    "eigs.part2_late_pilot": (
        "{reference} : la partie 2 de la déclaration d'EIGS est en retard (échéance le {date})."
    ),
    "eigs.ask_date": "Quel jour cette partie a-t-elle été déclarée ?",
    "eigs.label_date": "Date de déclaration",
    "eigs.today": "Aujourd'hui",
    "eigs.date_future": (
        "Cette date est dans le futur : indiquez le jour où la déclaration a été faite."
    ),
    "eigs.date_unreadable": (
        "Je n'ai pas compris cette date. Exemples : « aujourd'hui », « hier », « 20/11 »."
    ),
    "eigs.date_before_event": (
        "Cette date est avant l'événement lui-même : indiquez le jour de la déclaration."
    ),
    "eigs.part1_known": "La partie 1 de {reference} est déjà notée.",
    "eigs.part2_not_now": (
        "Notez d'abord la partie 1 de {reference} (la partie 2 ne peut venir qu'après)."
    ),
    "eigs.part1_recorded": (
        "Partie 1 notée pour {reference}. La partie 2 est à déclarer au plus tard le {date} : "
        "je vous le rappellerai 30 et 7 jours avant."
    ),
    "eigs.part1_told_declarant": (
        "{reference} : la déclaration de l'EIGS à l'ARS est faite (partie 1)."
    ),
    "eigs.part2_recorded": "Partie 2 notée pour {reference}. Vous pouvez clore le cas :",
    "eigs.downgraded_declarant": (
        "{reference} : après examen, ce n'est pas un événement indésirable grave. La cellule "
        "qualité continue de suivre votre déclaration."
    ),
    "eigs.ask_reason": "Pourquoi n'est-ce pas un EIGS ? (une phrase)",
    "eigs.label_reason": "Raison",
    "eigs.ask_level": "Quel niveau pour ce cas, alors ?",
    "eigs.label_level": "Niveau",
    # Indicateurs
    "indicators.title": "Indicateurs de la cellule qualité — {year}",
    "indicators.declarations": "Déclarations : {count}",
    "indicators.levels": (
        "Par niveau : N1 {one} · N2 {two} · N3 {three} · N4 {four} · sans niveau {none}"
    ),
    "indicators.people": (
        "Professionnels impliqués : {declarants} déclarant·s, {members} membre·s de la cellule"
    ),
    "indicators.resolution": (
        "Taux de résolution : {rate} ({resolved} résolus sur {closed} clos) · retirés "
        "{withdrawn} · "
        "en cours {open}"
    ),
    "indicators.checkins": "Points à 15 jours : {rate} de « Oui » ({yes} sur {answered} réponses)",
    "indicators.satisfaction": (
        "Satisfaction ({count} réponses) : réactivité {reactivity}/5, aide {help}/5\n"
        "Répartition : {distribution}"
    ),
    "indicators.times": (
        "Délai médian de prise en charge : {ack} · délai médian jusqu'à la clôture : {closure}"
    ),
    "indicators.not_allowed": "Les indicateurs sont réservés au pilote et à la coordination.",
    "indicators.usage": "Indiquez une année, par exemple : /indicateurs {year}",
    "leave.ask_casework": (
        "Vous n'avez pas fini cette saisie sur un dossier. Passer à autre chose ?"
    ),
    "help.casework": "Répondez à la question ci-dessous, ou /annuler pour abandonner cette saisie.",
    "draft.reminder_casework": "Vous n'avez pas fini une saisie sur un dossier. La reprendre ?",
    # RCP
    "command.rcp": "Réunions de concertation (RCP)",
    "rcp.title": "Réunions de concertation pluriprofessionnelles (RCP)",
    "rcp.none": "Aucune réunion à venir pour vous.",
    "rcp.new": "Nouvelle réunion",
    "rcp.when": "{date} à {time}",
    "rcp.meeting_line": "\n• {title}\n  {when} — {place}\n  {status}",
    "rcp.status_proposals": "Propositions de sujets jusqu'au {until}",
    "rcp.status_voting": "Vote sur l'ordre du jour jusqu'au {until}",
    "rcp.status_agenda_draft": "Ordre du jour en préparation",
    "rcp.status_published": "Ordre du jour publié",
    "rcp.status_minutes_published": "Compte rendu publié",
    "rcp.status_cancelled": "Annulée",
    "rcp.propose_for": "Proposer un sujet : {title}",
    "rcp.propose": "Proposer un sujet",
    "rcp.my_item": "  ▸ votre proposition : {title}",
    "rcp.withdraw": "Retirer : {title}",
    "rcp.unknown": "Je ne trouve pas cette réunion (ou ce sujet).",
    "rcp.coordinator_only": "Seule la coordination peut créer ou modifier une réunion.",
    "rcp.input_cancelled": "Saisie abandonnée : rien n'a été enregistré.",
    "rcp.audience_all": "Tous les membres",
    "rcp.audience_cell": "La cellule qualité",
    "rcp.minutes": "{count} min",
    "rcp.ask_title": (
        "Nouvelle RCP. Son titre ? (ex. « RCP parcours des sorties d'hospitalisation »)"
    ),
    "rcp.label_title": "Titre",
    "rcp.ask_day": "Quel jour ? (ex. « jeudi », « 10/12 »)",
    "rcp.label_day": "Jour",
    "rcp.ask_time": "À quelle heure ? (ex. « 12h30 »)",
    "rcp.label_time": "Heure",
    "rcp.ask_duration": "Combien de temps ? Choisissez, ou tapez un nombre de minutes.",
    "rcp.label_duration": "Durée",
    "rcp.ask_place": "Où ? Une salle, une adresse ou un lien de visioconférence.",
    "rcp.label_place": "Lieu",
    "rcp.ask_audience": (
        "Pour qui ? Un bouton, ou plusieurs groupes écrits à la suite (ex. « la cellule, "
        "pharmacien, kiné »)."
    ),
    "rcp.audience_unreadable": (
        "Je ne reconnais pas « {part} ». Choisissez un bouton, ou écrivez des groupes séparés "
        "par des virgules (ex. « infirmier, pharmacien »)."
    ),
    "rcp.label_audience": "Public",
    "rcp.ask_proposals_until": (
        "Jusqu'à quel jour peut-on proposer des sujets ? (clôture à midi ce jour-là)"
    ),
    "rcp.label_proposals_until": "Propositions jusqu'au",
    "rcp.ask_votes_until": "Jusqu'à quel jour peut-on voter ? (clôture à midi ce jour-là)",
    "rcp.label_votes_until": "Vote jusqu'au",
    "rcp.ask_max_items": "Combien de sujets au plus à l'ordre du jour ?",
    "rcp.label_max_items": "Sujets au plus",
    "rcp.ask_quorum": (
        "Un quorum pour le vote (part du public qui doit voter) ? Choisissez, tapez un "
        "pourcentage, ou passez."
    ),
    "rcp.label_quorum": "Quorum",
    "rcp.recap_title": "Récapitulatif de la réunion :",
    "rcp.date_past": "Cette date est déjà passée : indiquez une date à venir.",
    "rcp.date_unreadable": (
        "Je n'ai pas compris cette date. Exemples : « jeudi », « 10/12 », « 15 janvier »."
    ),
    "rcp.time_unreadable": "Je n'ai pas compris l'heure. Exemples : « 12h30 », « 9h », « 18:00 ».",
    "rcp.minutes_unreadable": "Indiquez un nombre de minutes entre {low} et {high}.",
    "rcp.count_unreadable": "Indiquez un nombre entre {low} et {high}.",
    "rcp.quorum_unreadable": "Indiquez un pourcentage entre 1 et 100, ou passez.",
    "rcp.deadline_past": (
        "Cette échéance (midi ce jour-là) est déjà passée : choisissez un jour à venir."
    ),
    "rcp.deadline_after_meeting": "Cette échéance doit tomber avant la réunion.",
    "rcp.vote_before_proposals": "Le vote doit se terminer après la fin des propositions.",
    "rcp.too_late_to_create": (
        "Les dates choisies sont passées entre-temps : rien n'a été créé. Recommencez avec /rcp."
    ),
    "rcp.created": ("Réunion « {title} » créée. L'appel à sujets part vers {count} personne·s."),
    "rcp.call_for_proposals": (
        "RCP « {title} » le {when} ({place}).\n"
        "Quels sujets voulez-vous y aborder ? Propositions jusqu'au {until}."
    ),
    "rcp.proposals_closed": "Les propositions pour « {title} » sont closes.",
    "rcp.proposals_closed_next": (
        "Les propositions pour « {title} » sont closes. Prochaine réunion ouverte aux "
        "propositions : « {next} », le {when} (/rcp)."
    ),
    "rcp.ask_item_title": "Le sujet, en quelques mots ?",
    "rcp.label_item_title": "Sujet",
    "rcp.ask_item_description": "Décrivez-le brièvement (sans nom de patient) :",
    "rcp.label_item_description": "Description",
    "rcp.ask_kind": "De quel type ?",
    "rcp.label_kind": "Type",
    "rcp.kind_complex_case": "Cas complexe",
    "rcp.kind_practice": "Pratique professionnelle",
    "rcp.kind_protocol": "Protocole",
    "rcp.kind_rex_follow_up": "Suite d'un REX",
    "rcp.kind_other": "Autre",
    "rcp.ask_item_minutes": "Combien de temps faudra-t-il en séance ?",
    "rcp.label_item_minutes": "Durée estimée",
    "rcp.ask_case": (
        "Ce sujet fait-il suite à un cas en analyse (niveau 3) ? Tapez sa référence "
        "(REX-…), ou passez. Seul un résumé anonyme sera montré."
    ),
    "rcp.label_case": "Cas lié",
    "rcp.case_unknown": "Je ne trouve pas ce cas. Tapez sa référence (REX-2026-0042), ou passez.",
    "rcp.case_not_level3": (
        "{reference} n'est pas en analyse de niveau 3 : passez, ou un autre cas."
    ),
    "rcp.proposal_recap_title": "Votre proposition :",
    "rcp.proposal_recorded": (
        "Merci ! « {title} » est proposé pour « {meeting} ». Vous pouvez le retirer depuis /rcp "
        "jusqu'au {until}."
    ),
    "rcp.too_late_to_withdraw": (
        "« {title} » ne peut plus être retiré : les propositions sont closes."
    ),
    "rcp.withdrawn": "« {title} » est retiré.",
    "rcp.case_summary": "{reference} · {type} · {status}",
    "leave.ask_rcp": "Vous n'avez pas fini cette saisie pour une RCP. Passer à autre chose ?",
    "help.rcp": (
        "Répondez à la question ci-dessous ; vous pourrez tout relire avant de confirmer. "
        "/annuler abandonne."
    ),
    "draft.reminder_rcp": "Vous n'avez pas fini une saisie pour une RCP. La reprendre ?",
    "rcp.no_proposals": "Aucun sujet n'a été proposé pour « {title} » : il n'y a rien à voter.",
    "rcp.ballot_title": (
        "Vote pour l'ordre du jour de « {title} » : appuyez sur chaque sujet que vous voulez "
        "voir abordé (autant que vous voulez). Vous pouvez changer d'avis jusqu'au {until}."
    ),
    "rcp.ballot_line": "{number}. {title} ({minutes} min)",
    "rcp.ballot_count": "Vous soutenez {count} sujet·s.",
    "rcp.vote_closed": "Le vote pour « {title} » est clos.",
    "rcp.item_gone": "« {title} » n'est plus proposé.",
    "rcp.voted": "Soutenu : {title}",
    "rcp.unvoted": "Retiré : {title}",
    "rcp.vote_reminder": (
        "Vous n'avez pas encore voté pour l'ordre du jour de « {title} ». Le vote se termine "
        "le {until}."
    ),
    "rcp.quorum_missing": (
        "« {title} » : {share} % du public a voté, le quorum est de {quorum} %. Le vote se "
        "termine demain."
    ),
    "rcp.draft_title": "Projet d'ordre du jour de « {title} » ({voters} votant·s) :",
    "rcp.draft_line": "{position}. {title} — {votes} voix, {minutes} min",
    "rcp.draft_time": "Temps prévu : {used} min sur {total}.",
    "rcp.draft_left_out": "Non retenus :",
    "rcp.left_out_line": "• {title} — {votes} voix",
    "rcp.move_up": "Monter le n°{position}",
    "rcp.drop": "Retirer le n°{position}",
    "rcp.add": "Ajouter : {title}",
    "rcp.agenda_not_editable": "L'ordre du jour de « {title} » ne se modifie plus.",
    "rcp.agenda_unchanged": "Rien à changer.",
    "rcp.publish": "Publier l'ordre du jour",
    "rcp.already_published": "L'ordre du jour de « {title} » est déjà publié.",
    "rcp.changed_meanwhile": (
        "« {title} » a été modifiée entre-temps (par une autre personne de la coordination) : "
        "voici son état actuel, rien n'a été envoyé. /rcp"
    ),
    "rcp.agenda_empty": (
        "L'ordre du jour de « {title} » est vide : ajoutez au moins un sujet avant de publier."
    ),
    "rcp.publishing": (
        "Ordre du jour de « {title} » en cours d'envoi à {count} personne·s. Je vous envoie le "
        "bilan de l'envoi quand il est terminé."
    ),
    "rcp.agenda_title": "Ordre du jour — {title}\n{when}, {place} ({minutes} min)\n",
    "rcp.agenda_line": "{position}. {title} ({minutes} min)",
    "rcp.invitation_caption": (
        "📅 Invitation « {title} » : ouvrez le fichier pour l'ajouter à votre agenda. Serez-vous "
        "présent·e ?"
    ),
    "rcp.present": "Je serai présent·e",
    "rcp.absent": "Absent·e",
    "rcp.presence_yes": "Noté : vous serez présent·e à « {title} ». Merci !",
    "rcp.presence_no": "Noté : vous serez absent·e à « {title} ».",
    "rcp.presence_closed": "La réunion « {title} » n'attend plus de réponse de présence.",
    "rcp.reminder_eve": "Rappel : RCP « {title} » demain, {when} ({place}).",
    "rcp.reminder_hour": "Rappel : RCP « {title} » dans une heure, {when} ({place}).",
    "rcp.delivery_report": (
        "Envoi de l'ordre du jour de « {title} » terminé : {sent} personne·s servie·s, {failed} "
        "échec·s, {unreachable} injoignable·s (bot bloqué ou sans compte). Présences : {present} "
        "oui, {absent} non pour l'instant."
    ),
    "rcp.minutes_to_write": "\n✍️ Compte rendu à écrire : « {title} »",
    "rcp.write_minutes_for": "Compte rendu : {title}",
    "rcp.write_minutes": "Écrire le compte rendu",
    "rcp.my_decision": "\n📌 Décision à mener : {text} (pour le {date})",
    "rcp.decision_done_for": "Fait : {text}",
    "rcp.open_decisions": (
        "Décisions des réunions précédentes encore ouvertes ({count}), à inscrire peut-être à "
        "l'ordre du jour :"
    ),
    "rcp.open_decision_line": "• {text} — {owner}, pour le {date}",
    "rcp.minutes_already": "Le compte rendu de « {title} » est déjà publié.",
    "rcp.minutes_not_yet": (
        "« {title} » n'a pas encore eu lieu (ou son ordre du jour n'est pas publié)."
    ),
    "rcp.nobody_said_present": "personne n'a répondu « présent »",
    "rcp.minutes_intro": "Compte rendu de « {title} ». Ont dit qu'ils seraient présents : {names}.",
    "rcp.ask_other_attendees": (
        "D'autres personnes étaient présentes ? Écrivez leurs noms, ou passez."
    ),
    "rcp.label_other_attendees": "Autres présents",
    "rcp.outcome_item": "Sujet {position} : {title}",
    "rcp.ask_outcome": "Ce qui en est ressorti, en quelques phrases (sans nom de patient) :",
    "rcp.label_outcome": "Conclusion",
    "rcp.decision_ask": "Une décision à suivre pour ce sujet ?",
    "rcp.add_decision": "Ajouter une décision",
    "rcp.next_item": "Sujet suivant",
    "rcp.ask_decision": "La décision, en une phrase :",
    "rcp.label_decision": "Décision",
    "rcp.ask_decision_owner": "Qui en est responsable ? (le nom d'un membre)",
    "rcp.label_owner": "Responsable",
    "rcp.owner_unknown": (
        "Je ne trouve pas ce membre (ou plusieurs portent ce nom) : tapez le nom complet."
    ),
    "rcp.ask_decision_due": "Pour quand ? (ex. « 15/01 », « vendredi »)",
    "rcp.label_due": "Échéance",
    "rcp.decision_recorded": "Décision notée : « {text} ».",
    "rcp.minutes_title": "Compte rendu — {title} ({when})",
    "rcp.minutes_attendees": "Présents : {names}\n",
    "rcp.minutes_item": "{position}. {title}\n   {outcome}",
    "rcp.minutes_decision": "   ➜ Décision : {text} — {owner}, pour le {date}",
    "rcp.publish_minutes": "Publier le compte rendu",
    "rcp.minutes_published": (
        "Compte rendu de « {title} » envoyé à {count} personne·s ; chaque responsable reçoit sa "
        "décision."
    ),
    "rcp.minutes_paused": (
        "Compte rendu mis de côté : ce qui est noté est gardé. Reprenez depuis /rcp."
    ),
    "rcp.minutes_reminder": (
        "Le compte rendu de « {title} » n'est pas encore publié ({days} jours après la réunion)."
    ),
    "rcp.decision_given": (
        "Décision de la RCP « {title} » qui vous est confiée :\n« {text} »\nPour le {date}."
    ),
    "rcp.decision_done": "Fait",
    "rcp.decision_later": "Pas encore",
    "rcp.decision_not_yours": "Cette décision n'est pas à votre nom.",
    "rcp.decision_already_done": "« {text} » est déjà notée comme faite.",
    "rcp.decision_noted_later": "D'accord. Je vous le rappellerai avant le {date}.",
    "rcp.decision_marked_done": "Bravo : « {text} » est faite.",
    "rcp.decision_soon": "Rappel : la décision « {text} » est à mener pour le {date}.",
    "rcp.decision_late": "La décision « {text} » devait être menée le {date}. Où en est-elle ?",
    "rcp.decision_late_coordinator": (
        "La décision « {text} » confiée à {owner} est en retard (échéance le {date})."
    ),
    "rcp.review_for": "Propositions : {title}",
    "rcp.review_closed": (
        "« {title} » ne peut plus être rejeté ni fusionné : les propositions sont closes."
    ),
    "rcp.no_proposals_yet": "Aucune proposition pour « {title} » pour l'instant.",
    "rcp.proposals_title": "Propositions pour « {title} » :",
    "rcp.proposal_line": (
        "\n{number}. {title} ({kind}, {minutes} min, proposé par {author})\n   {description}"
    ),
    "rcp.reject": "Rejeter n°{number}",
    "rcp.merge": "Fusionner n°{number}",
    "rcp.merge_into": "Fusionner « {title} » avec quel sujet ?",
    "rcp.merged_author": (
        "Votre proposition « {title} » pour « {meeting} » est regroupée avec « {into} », qui "
        "la reprend."
    ),
    "rcp.ask_reject_reason": (
        "Pourquoi rejeter cette proposition ? (la raison est envoyée à son auteur)"
    ),
    "rcp.label_reject_reason": "Raison",
    "rcp.rejected_author": (
        "Votre proposition « {title} » pour « {meeting} » n'est pas retenue : {reason}"
    ),
    "rcp.edit_for": "Modifier : {title}",
    "rcp.cancel_for": "Annuler : {title}",
    "rcp.not_changeable": "« {title} » ne peut plus être modifiée ni annulée.",
    "rcp.cancel_confirm": "Annuler la réunion « {title} » ? Tout le public sera prévenu.",
    "rcp.cancel_yes": "Oui, annuler la réunion",
    "rcp.cancel_no": "Non, la garder",
    "rcp.cancelled_notice": "La RCP « {title} » prévue le {when} est annulée.",
    "rcp.cancelled_done": "« {title} » est annulée ; le public est prévenu.",
    "rcp.edit_recap_title": "La réunion telle qu'elle est (Modifier pour changer une réponse) :",
    "rcp.changed_notice": "La RCP « {title} » change : désormais le {when}, {place}.",
    "rcp.edited_done": "« {title} » est modifiée ; le public est prévenu.",
    "rcp.draft_for": "Ordre du jour : {title}",
    "rcp.my_votes": "  ▸ vous soutenez {count} sujet·s (bulletin modifiable jusqu'à la clôture)",
    "rcp.my_ballot": "Mon bulletin : {title}",
    "rcp.nothing_changed": "Rien n'a changé pour « {title} » : personne n'est dérangé.",
    "rcp.votes_recorded": "Noté : vous soutenez {count} sujet·s pour « {title} ».",
    "rcp.minutes_again": "Tout reprendre",
    "mail.subject": "Cellule qualité — REX",
    "mail.answer_with_number": "Répondez simplement par le numéro de votre choix.",
    "canal.title": "Vos canaux (tout vous est envoyé sur le canal préféré) :",
    "canal.line": "• {name}",
    "canal.line_preferred": "• {name} — préféré",
    "canal.name_telegram": "Telegram",
    "canal.name_mail": "Messagerie sécurisée (MSSanté)",
    "canal.name_console": "Console",
    "canal.name_other": "Autre canal",
    "canal.prefer": "Préférer : {name}",
    "canal.link": "Relier un autre canal",
    "canal.link_code": (
        "Depuis l'autre canal, envoyez au bot : /start {code}\n(Telegram : un message au bot ; "
        "messagerie sécurisée : un courriel à l'adresse du bot, ce texte en objet.) Le code vaut "
        "24 heures."
    ),
    "canal.linked": "C'est fait, {name} : ce canal est relié à votre compte.",
    "canal.preferred_set": "Noté : tout vous sera envoyé par {name}.",
    "canal.unknown": "Ce canal n'est pas relié à votre compte.",
}
