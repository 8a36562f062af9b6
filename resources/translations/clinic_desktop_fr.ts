<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>AttachDialog</name>
    <message>
        <source>Attach photos</source>
        <translation>Joindre des photos</translation>
    </message>
    <message>
        <source>e.g. left cheek</source>
        <translation>p. ex. joue gauche</translation>
    </message>
    <message>
        <source>optional, e.g. “day 3, swelling fading”</source>
        <translation>facultatif, p. ex. « jour 3, l’enflure diminue »</translation>
    </message>
    <message>
        <source>Photo of</source>
        <translation>Photo de</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Zone</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>Légende</translation>
    </message>
</context>
<context>
    <name>AuditTableModel</name>
    <message>
        <source>When ({zone})</source>
        <translation>Quand ({zone})</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Qui</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Enregistrement</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
</context>
<context>
    <name>AuditViewerDialog</name>
    <message>
        <source>Audit trail</source>
        <translation>Journal d’audit</translation>
    </message>
    <message>
        <source>Checking the audit trail</source>
        <translation>Vérification du journal d’audit</translation>
    </message>
    <message>
        <source>Filter by action, person or record…</source>
        <translation>Filtrer par action, personne ou enregistrement…</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filtrer</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>Vérifier de nouveau</translation>
    </message>
    <message>
        <source>Checking the audit trail…</source>
        <translation>Vérification du journal d’audit…</translation>
    </message>
    <message>
        <source>The audit trail could not be checked; try again in a moment.</source>
        <translation>Le journal d’audit n’a pas pu être vérifié&#x202f;; réessayez dans un instant.</translation>
    </message>
    <message numerus="yes">
        <source>✔ The audit trail is intact: %n entries checked, none changed. {anchors}</source>
        <translation>
            <numerusform>✔ Le journal d’audit est intact&#xa0;: %n entrée vérifiée, aucune modifiée. {anchors}</numerusform>
            <numerusform>✔ Le journal d’audit est intact&#xa0;: %n entrées vérifiées, aucune modifiée. {anchors}</numerusform>
        </translation>
    </message>
    <message>
        <source>✖ The audit trail has been tampered with: {problem}. Keep this database as it is and tell the clinic&apos;s administrator.</source>
        <translation>✖ Le journal d’audit a été altéré&#xa0;: {problem}. Conservez cette base de données telle quelle et avertissez l’administrateur de la clinique.</translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation>
            <numerusform>%n entrée</numerusform>
            <numerusform>%n entrées</numerusform>
        </translation>
    </message>
    <message>
        <source>newest {shown} of {total} entries (scroll for more)</source>
        <translation>{shown} plus récentes sur {total} entrées (faites défiler pour la suite)</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <source>Take photos</source>
        <translation>Prendre des photos</translation>
    </message>
    <message>
        <source>Not taken: {text}</source>
        <translation>Non prise&#xa0;: {text}</translation>
    </message>
    <message>
        <source>Camera problem: {text}</source>
        <translation>Problème de caméra&#xa0;: {text}</translation>
    </message>
    <message>
        <source>Frame the area, then Take photo.</source>
        <translation>Cadrez la zone, puis cliquez sur Prendre la photo.</translation>
    </message>
    <message>
        <source>Take photo</source>
        <translation>Prendre la photo</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s) taken.</source>
        <translation>
            <numerusform>%n photo prise.</numerusform>
            <numerusform>%n photos prises.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CardDialog</name>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>Opening the database…</source>
        <translation>Ouverture de la base de données…</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change my password</source>
        <translation>Changer mon mot de passe</translation>
    </message>
    <message>
        <source>An administrator reset your password: choose your own now. A short sentence of four or five words is easy to remember and hard to guess. Your name, your user name and the clinic&apos;s name are refused.</source>
        <translation>Un administrateur a réinitialisé votre mot de passe&#xa0;: choisissez le vôtre maintenant. Une courte phrase de quatre ou cinq mots est facile à retenir et difficile à deviner. Votre nom, votre nom d’utilisateur et le nom de la clinique sont refusés.</translation>
    </message>
    <message>
        <source>A short sentence of four or five words is easy to remember and hard to guess. Your name, your user name and the clinic&apos;s name are refused.</source>
        <translation>Une courte phrase de quatre ou cinq mots est facile à retenir et difficile à deviner. Votre nom, votre nom d’utilisateur et le nom de la clinique sont refusés.</translation>
    </message>
    <message>
        <source>&amp;Current password</source>
        <translation>Mot de passe &amp;actuel</translation>
    </message>
    <message>
        <source>Password &amp;given to you</source>
        <translation>Mot de passe &amp;reçu</translation>
    </message>
    <message>
        <source>&amp;New password</source>
        <translation>&amp;Nouveau mot de passe</translation>
    </message>
    <message>
        <source>New password &amp;again</source>
        <translation>Nouveau mot de passe, &amp;encore</translation>
    </message>
    <message>
        <source>My &amp;language</source>
        <translation>Ma &amp;langue</translation>
    </message>
    <message>
        <source>Saved: {language} from your next sign-in.</source>
        <translation>Enregistré&#xa0;: {language} à partir de votre prochaine connexion.</translation>
    </message>
    <message>
        <source>The two new passwords differ; type the same one twice.</source>
        <translation>Les deux nouveaux mots de passe diffèrent&#x202f;; tapez deux fois le même.</translation>
    </message>
</context>
<context>
    <name>ClinicProfileDialog</name>
    <message>
        <source>Clinic profile</source>
        <translation>Profil de la clinique</translation>
    </message>
    <message>
        <source>required: printed on every sheet as the number to call</source>
        <translation>obligatoire&#xa0;: imprimé sur chaque fiche comme numéro à appeler</translation>
    </message>
    <message>
        <source>leave empty if answered day and night, e.g. Mon–Fri 8:00–20:00</source>
        <translation>laisser vide si la ligne répond jour et nuit, p. ex. lun.–ven. 8 h – 20 h</translation>
    </message>
    <message>
        <source>{country} — emergency {number}</source>
        <translation>{country} — urgences {number}</translation>
    </message>
    <message>
        <source>only if your country is not in the list</source>
        <translation>seulement si votre pays n’est pas dans la liste</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>Pick a colour</source>
        <translation>Choisir une couleur</translation>
    </message>
    <message>
        <source> minutes</source>
        <translation> minutes</translation>
    </message>
    <message>
        <source> daily</source>
        <translation> quotidiennes</translation>
    </message>
    <message>
        <source> weekly</source>
        <translation> hebdomadaires</translation>
    </message>
    <message>
        <source> monthly</source>
        <translation> mensuelles</translation>
    </message>
    <message>
        <source>Daily backups kept</source>
        <translation>Sauvegardes quotidiennes conservées</translation>
    </message>
    <message>
        <source>Weekly backups kept</source>
        <translation>Sauvegardes hebdomadaires conservées</translation>
    </message>
    <message>
        <source>Monthly backups kept</source>
        <translation>Sauvegardes mensuelles conservées</translation>
    </message>
    <message>
        <source>How many days, weeks and months keep their newest backup (at least 14, 8 and 12).</source>
        <translation>Combien de jours, de semaines et de mois gardent leur sauvegarde la plus récente (au moins 14, 8 et 12).</translation>
    </message>
    <message>
        <source>Only an administrator changes how many backups are kept.</source>
        <translation>Seul un administrateur modifie le nombre de sauvegardes conservées.</translation>
    </message>
    <message>
        <source>Receptionists may lengthen the waiting times on an aftercare sheet</source>
        <translation>Les réceptionnistes peuvent allonger les délais d’attente d’une fiche de soins</translation>
    </message>
    <message>
        <source>Lengthening a protocol&apos;s waiting times for a patient is a practitioner&apos;s decision. Tick this to let receptionists do it too (for example when a practitioner has asked for it in the notes).</source>
        <translation>Allonger les délais d’attente d’un protocole pour un patient est une décision du praticien. Cochez cette case pour permettre aussi aux réceptionnistes de le faire (par exemple quand un praticien l’a demandé dans les notes).</translation>
    </message>
    <message>
        <source>Clinic &amp;name</source>
        <translation>&amp;Nom de la clinique</translation>
    </message>
    <message>
        <source>&amp;Address</source>
        <translation>&amp;Adresse</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>&amp;Téléphone</translation>
    </message>
    <message>
        <source>E&amp;mergency phone</source>
        <translation>Téléphone d’&amp;urgence</translation>
    </message>
    <message>
        <source>Emergency line &amp;hours</source>
        <translation>&amp;Heures de la ligne d’urgence</translation>
    </message>
    <message>
        <source>Cou&amp;ntry</source>
        <translation>&amp;Pays</translation>
    </message>
    <message>
        <source>Emergency ser&amp;vices number</source>
        <translation>Numéro des ser&amp;vices d’urgence</translation>
    </message>
    <message>
        <source>&amp;E-mail</source>
        <translation>&amp;Courriel</translation>
    </message>
    <message>
        <source>&amp;Website</source>
        <translation>&amp;Site Web</translation>
    </message>
    <message>
        <source>&amp;Logo</source>
        <translation>&amp;Logo</translation>
    </message>
    <message>
        <source>Brand &amp;colour</source>
        <translation>Couleur de la &amp;marque</translation>
    </message>
    <message>
        <source>Paper si&amp;ze</source>
        <translation>&amp;Format du papier</translation>
    </message>
    <message>
        <source>Default lan&amp;guage</source>
        <translation>Lan&amp;gue par défaut</translation>
    </message>
    <message>
        <source>&amp;Time zone</source>
        <translation>&amp;Fuseau horaire</translation>
    </message>
    <message>
        <source>&amp;Lock after idle</source>
        <translation>&amp;Verrouiller après inactivité</translation>
    </message>
    <message>
        <source>&amp;Backups kept</source>
        <translation>&amp;Sauvegardes conservées</translation>
    </message>
    <message>
        <source>Waiting times</source>
        <translation>Délais d’attente</translation>
    </message>
    <message>
        <source>No logo</source>
        <translation>Aucun logo</translation>
    </message>
    <message>
        <source>Cannot show this file</source>
        <translation>Impossible d’afficher ce fichier</translation>
    </message>
    <message>
        <source>Choose the clinic logo</source>
        <translation>Choisir le logo de la clinique</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg);;All files (*)</source>
        <translation>Images (*.png *.jpg *.jpeg);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Cannot read {file}: {reason}.</source>
        <translation>Impossible de lire {file}&#xa0;: {reason}.</translation>
    </message>
    <message>
        <source>Brand colour</source>
        <translation>Couleur de la marque</translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <source>Compare: {left} | {right}</source>
        <translation>Comparer&#xa0;: {left} | {right}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt;</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>ComplicationForm</name>
    <message>
        <source>&lt;b&gt;{patient}&lt;/b&gt; — {treatment} on {day} ({areas})</source>
        <translation>&lt;b&gt;{patient}&lt;/b&gt; — {treatment} le {day} ({areas})</translation>
    </message>
    <message>
        <source>areas not noted</source>
        <translation>zones non notées</translation>
    </message>
    <message>
        <source>Amend complication</source>
        <translation>Modifier la complication</translation>
    </message>
    <message>
        <source>Report a complication</source>
        <translation>Signaler une complication</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>What happened, in a few words</source>
        <translation>Ce qui s’est passé, en quelques mots</translation>
    </message>
    <message>
        <source>e.g. left cheek, crown</source>
        <translation>p. ex. joue gauche, vertex</translation>
    </message>
    <message>
        <source>Serious</source>
        <translation>Grave</translation>
    </message>
    <message>
        <source>Why serious…</source>
        <translation>Pourquoi grave…</translation>
    </message>
    <message>
        <source>Why serious</source>
        <translation>Pourquoi grave</translation>
    </message>
    <message>
        <source>Not linked to a product</source>
        <translation>Non liée à un produit</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Ce qui s’est passé</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Site or area</source>
        <translation>Siège ou zone</translation>
    </message>
    <message>
        <source>Onset date</source>
        <translation>Date d’apparition</translation>
    </message>
    <message>
        <source>Severity grade</source>
        <translation>Grade de gravité</translation>
    </message>
    <message>
        <source>Product and cause</source>
        <translation>Produit et cause</translation>
    </message>
    <message>
        <source>Product and batch</source>
        <translation>Produit et numéro de lot</translation>
    </message>
    <message>
        <source>Causality</source>
        <translation>Causalité</translation>
    </message>
    <message>
        <source>Action and outcome</source>
        <translation>Mesures et évolution</translation>
    </message>
    <message>
        <source>Action taken</source>
        <translation>Mesures prises</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Évolution</translation>
    </message>
    <message>
        <source>Resolution date</source>
        <translation>Date de résolution</translation>
    </message>
    <message>
        <source>Reported to</source>
        <translation>Déclarée à</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Le</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Référence</translation>
    </message>
    <message>
        <source>Reported to {target} on</source>
        <translation>Déclarée à {target} le</translation>
    </message>
    <message>
        <source>Reference at {target}</source>
        <translation>Référence chez {target}</translation>
    </message>
    <message>
        <source>Why is it amended? e.g. reviewed at day 14</source>
        <translation>Pourquoi la modifier&#x202f;? p. ex. revue au jour 14</translation>
    </message>
    <message>
        <source>Amendment</source>
        <translation>Modification</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>Save amendment</source>
        <translation>Enregistrer la modification</translation>
    </message>
    <message>
        <source>Save complication</source>
        <translation>Enregistrer la complication</translation>
    </message>
    <message>
        <source>Mark entered in error…</source>
        <translation>Marquer comme saisie par erreur…</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Champ</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Avant</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Après</translation>
    </message>
    <message>
        <source>&lt;b&gt;History&lt;/b&gt; (nothing is overwritten)</source>
        <translation>&lt;b&gt;Historique&lt;/b&gt; (rien n’est écrasé)</translation>
    </message>
    <message>
        <source>This complication was marked as entered in error; it is kept for the record and can no longer be amended.</source>
        <translation>Cette complication a été marquée comme saisie par erreur&#x202f;; elle est conservée au dossier et ne peut plus être modifiée.</translation>
    </message>
    <message>
        <source>Version {version} · {when} · {by}</source>
        <translation>Version {version} · {when} · {by}</translation>
    </message>
    <message>
        <source>Reason: {reason}</source>
        <translation>Motif&#xa0;: {reason}</translation>
    </message>
    <message>
        <source>No reason given</source>
        <translation>Aucun motif donné</translation>
    </message>
    <message>
        <source>CTCAE: 1 mild · 2 moderate · 3 severe · 4 life-threatening · 5 death</source>
        <translation>CTCAE&#xa0;: 1 léger · 2 modéré · 3 sévère · 4 menace vitale · 5 décès</translation>
    </message>
    <message>
        <source>&lt;b&gt;Grade {grade} — {name}.&lt;/b&gt; {wording}</source>
        <translation>&lt;b&gt;Grade {grade} — {name}.&lt;/b&gt; {wording}</translation>
    </message>
    <message>
        <source>Entered in error</source>
        <translation>Saisie par erreur</translation>
    </message>
    <message>
        <source>Why was this complication entered in error?</source>
        <translation>Pourquoi cette complication a-t-elle été saisie par erreur&#x202f;?</translation>
    </message>
</context>
<context>
    <name>Cover</name>
    <message>
        <source>Locked</source>
        <translation>Verrouillé</translation>
    </message>
</context>
<context>
    <name>DiscardGuard</name>
    <message>
        <source>Discard what you typed?</source>
        <translation>Abandonner ce que vous avez tapé&#x202f;?</translation>
    </message>
    <message>
        <source>What you typed in this form is not saved yet. If you discard it, it is gone.</source>
        <translation>Ce que vous avez tapé dans ce formulaire n’est pas encore enregistré. Si vous l’abandonnez, il est perdu.</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Continuer la saisie</translation>
    </message>
</context>
<context>
    <name>FieldErrors</name>
    <message>
        <source>Reload</source>
        <translation>Recharger</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <source>Welcome</source>
        <translation>Bienvenue</translation>
    </message>
    <message>
        <source>Create the administrator account. The administrator adds the other staff members and makes backups. Choose a password only you know; there is no default password.</source>
        <translation>Créez le compte administrateur. L’administrateur ajoute les autres membres du personnel et fait les sauvegardes. Choisissez un mot de passe que vous seul connaissez&#x202f;; il n’y a pas de mot de passe par défaut.</translation>
    </message>
    <message>
        <source>e.g. Dr. Élise Tremblay</source>
        <translation>p. ex. Dre Élise Tremblay</translation>
    </message>
    <message>
        <source>e.g. elise</source>
        <translation>p. ex. elise</translation>
    </message>
    <message>
        <source>At least {count} characters</source>
        <translation>Au moins {count} caractères</translation>
    </message>
    <message>
        <source>Type it again</source>
        <translation>Tapez-le de nouveau</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Nom complet</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nom d’utilisateur</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>Mot de passe, encore</translation>
    </message>
    <message>
        <source>Create administrator</source>
        <translation>Créer l’administrateur</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Les deux mots de passe diffèrent.</translation>
    </message>
</context>
<context>
    <name>FollowUpDialog</name>
    <message>
        <source>{kind} — {patient}</source>
        <translation>{kind} — {patient}</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>no phone recorded</source>
        <translation>aucun téléphone enregistré</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>Né(e) le</translation>
    </message>
    <message numerus="yes">
        <source>{kind}, due {date} — {state} (%n attempt(s) so far)</source>
        <translation>
            <numerusform>{kind}, prévu le {date} — {state} (%n tentative jusqu’ici)</numerusform>
            <numerusform>{kind}, prévu le {date} — {state} (%n tentatives jusqu’ici)</numerusform>
        </translation>
    </message>
    <message>
        <source>{kind}, due {date} — {state}</source>
        <translation>{kind}, prévu le {date} — {state}</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>Suivi</translation>
    </message>
    <message>
        <source>Treatment session</source>
        <translation>Séance de traitement</translation>
    </message>
    <message>
        <source>Treatment</source>
        <translation>Traitement</translation>
    </message>
    <message>
        <source>{treatment} on {date}</source>
        <translation>{treatment} le {date}</translation>
    </message>
    <message>
        <source>Practitioner</source>
        <translation>Praticien</translation>
    </message>
    <message>
        <source>Areas</source>
        <translation>Zones</translation>
    </message>
    <message>
        <source>No products recorded</source>
        <translation>Aucun produit enregistré</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>Produits</translation>
    </message>
    <message>
        <source>Checking</source>
        <translation>Vérification</translation>
    </message>
    <message>
        <source>&lt;b&gt;{kind}&lt;/b&gt;, grade {grade}, {outcome}</source>
        <translation>&lt;b&gt;{kind}&lt;/b&gt;, grade {grade}, {outcome}</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n complication(s) recorded&lt;/b&gt; for this patient: the details are for clinical staff, so pass the call to a practitioner.</source>
        <translation>
            <numerusform>&lt;b&gt;%n complication consignée&lt;/b&gt; pour ce patient&#xa0;: les détails sont réservés au personnel clinique, transférez donc l’appel à un praticien.</numerusform>
            <numerusform>&lt;b&gt;%n complications consignées&lt;/b&gt; pour ce patient&#xa0;: les détails sont réservés au personnel clinique, transférez donc l’appel à un praticien.</numerusform>
        </translation>
    </message>
    <message>
        <source>Complications</source>
        <translation>Complications</translation>
    </message>
    <message>
        <source>This patient&apos;s follow-ups and complications</source>
        <translation>Suivis et complications de ce patient</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Quoi</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <source>Optional note, e.g. “mild redness only, fading”</source>
        <translation>Note facultative, p. ex. «&#xa0;légère rougeur seulement, qui s’estompe&#xa0;»</translation>
    </message>
    <message>
        <source>Follow-up note</source>
        <translation>Note de suivi</translation>
    </message>
    <message>
        <source>Try again on</source>
        <translation>Réessayer le</translation>
    </message>
    <message>
        <source>&amp;All well</source>
        <translation>&amp;Tout va bien</translation>
    </message>
    <message>
        <source>The patient is well: this follow-up is done (Alt+A).</source>
        <translation>Le patient va bien&#xa0;: ce suivi est terminé (Alt+T).</translation>
    </message>
    <message>
        <source>Not reached — try again on</source>
        <translation>Non joint — réessayer le</translation>
    </message>
    <message>
        <source>Update complication…</source>
        <translation>Mettre à jour la complication…</translation>
    </message>
    <message>
        <source>Complication…</source>
        <translation>Complication…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Record the outcome</source>
        <translation>Consigner le résultat</translation>
    </message>
    <message>
        <source>Undo “All well”…</source>
        <translation>Annuler «&#xa0;Tout va bien&#xa0;»…</translation>
    </message>
    <message>
        <source>“All well” was recorded by mistake: open this follow-up again, with a reason.</source>
        <translation>«&#xa0;Tout va bien&#xa0;» a été consigné par erreur&#xa0;: rouvrir ce suivi, avec un motif.</translation>
    </message>
    <message>
        <source>This follow-up is already recorded.</source>
        <translation>Ce suivi est déjà consigné.</translation>
    </message>
    <message>
        <source>Only practitioners, managers and administrators record follow-ups.</source>
        <translation>Seuls les praticiens, les gestionnaires et les administrateurs consignent les suivis.</translation>
    </message>
    <message>
        <source>Complication: {kind} (entered in error)</source>
        <translation>Complication&#xa0;: {kind} (saisie par erreur)</translation>
    </message>
    <message>
        <source>Complication: {kind}</source>
        <translation>Complication&#xa0;: {kind}</translation>
    </message>
    <message>
        <source>grade {grade}, {outcome}, {site}</source>
        <translation>grade {grade}, {outcome}, {site}</translation>
    </message>
    <message>
        <source>grade {grade}, {outcome}</source>
        <translation>grade {grade}, {outcome}</translation>
    </message>
    <message>
        <source>{state} (was due {date})</source>
        <translation>{state} (prévu le {date})</translation>
    </message>
    <message>
        <source>Not done yet</source>
        <translation>Pas encore fait</translation>
    </message>
    <message>
        <source>Earlier — newest first</source>
        <translation>Antérieurs — les plus récents d’abord</translation>
    </message>
    <message>
        <source>Nothing before this follow-up</source>
        <translation>Rien avant ce suivi</translation>
    </message>
    <message>
        <source>Coming up — not yet due</source>
        <translation>À venir — pas encore dus</translation>
    </message>
    <message>
        <source>Undo “All well”</source>
        <translation>Annuler «&#xa0;Tout va bien&#xa0;»</translation>
    </message>
    <message>
        <source>Why was “All well” recorded by mistake? The follow-up will be open again.</source>
        <translation>Pourquoi «&#xa0;Tout va bien&#xa0;» a-t-il été consigné par erreur&#x202f;? Le suivi sera de nouveau ouvert.</translation>
    </message>
    <message>
        <source>This follow-up is already recorded: {status}.</source>
        <translation>Ce suivi est déjà consigné&#xa0;: {status}.</translation>
    </message>
</context>
<context>
    <name>FollowUpTableModel</name>
    <message>
        <source>When</source>
        <extracomment>Rows fetched per query (one screen is about 25).</extracomment>
        <translation>Quand</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Échéance</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>Suivi</translation>
    </message>
    <message>
        <source>Treatment</source>
        <translation>Traitement</translation>
    </message>
    <message>
        <source>Practitioner</source>
        <translation>Praticien</translation>
    </message>
    <message>
        <source>Not reached</source>
        <translation>Non joint</translation>
    </message>
    <message>
        <source>Phone check</source>
        <translation>Suivi téléphonique</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Suivi en clinique</translation>
    </message>
    <message>
        <source>Complication check</source>
        <translation>Suivi de complication</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) overdue</source>
        <translation>
            <numerusform>%n jour de retard</numerusform>
            <numerusform>%n jours de retard</numerusform>
        </translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Aujourd’hui</translation>
    </message>
    <message numerus="yes">
        <source>In %n day(s)</source>
        <translation>
            <numerusform>Dans %n jour</numerusform>
            <numerusform>Dans %n jours</numerusform>
        </translation>
    </message>
    <message>
        <source>{treatment}, {date}</source>
        <translation>{treatment}, {date}</translation>
    </message>
    <message numerus="yes">
        <source>×%n</source>
        <translation>
            <numerusform>×%n</numerusform>
            <numerusform>×%n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not reached %n time(s)</source>
        <translation>
            <numerusform>Non joint %n fois</numerusform>
            <numerusform>Non joint %n fois</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FollowUpsPage</name>
    <message>
        <source>Follow-ups</source>
        <translation>Suivis</translation>
    </message>
    <message>
        <source>Practitioner</source>
        <translation>Praticien</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <source>Overdue, today and upcoming</source>
        <translation>En retard, aujourd’hui et à venir</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>En retard</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>Prévus aujourd’hui</translation>
    </message>
    <message numerus="yes">
        <source>Upcoming (%n day(s))</source>
        <translation>
            <numerusform>À venir (%n jour)</numerusform>
            <numerusform>À venir (%n jours)</numerusform>
        </translation>
    </message>
    <message>
        <source>All well</source>
        <translation>Tout va bien</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Ouvrir…</translation>
    </message>
    <message>
        <source>Open the selected follow-up (Enter)</source>
        <translation>Ouvrir le suivi sélectionné (Entrée)</translation>
    </message>
    <message>
        <source>Batch recall…</source>
        <translation>Rappel de lot…</translation>
    </message>
    <message>
        <source>&amp;Practitioner</source>
        <translation>&amp;Praticien</translation>
    </message>
    <message>
        <source>S&amp;how</source>
        <translation>&amp;Afficher</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) overdue</source>
        <translation>
            <numerusform>%n jour de retard</numerusform>
            <numerusform>%n jours de retard</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>In %n day(s)</source>
        <translation>
            <numerusform>Dans %n jour</numerusform>
            <numerusform>Dans %n jours</numerusform>
        </translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Aujourd’hui</translation>
    </message>
    <message>
        <source>My patients</source>
        <extracomment>The Patient column&apos;s least width (ems): a name is never cut down to &quot;…&quot;.</extracomment>
        <translation>Mes patients</translation>
    </message>
    <message>
        <source>All practitioners</source>
        <translation>Tous les praticiens</translation>
    </message>
    <message>
        <source>The list could not be read; try again in a moment.</source>
        <translation>La liste n’a pas pu être lue&#x202f;; réessayez dans un instant.</translation>
    </message>
    <message>
        <source>Nobody is at the desk.</source>
        <translation>Personne n’est connecté au poste.</translation>
    </message>
    <message numerus="yes">
        <source>%n overdue</source>
        <translation>
            <numerusform>%n en retard</numerusform>
            <numerusform>%n en retard</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n due today</source>
        <translation>
            <numerusform>%n prévu aujourd’hui</numerusform>
            <numerusform>%n prévus aujourd’hui</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n upcoming</source>
        <translation>
            <numerusform>%n à venir</numerusform>
            <numerusform>%n à venir</numerusform>
        </translation>
    </message>
    <message>
        <source>Record the selected follow-up as all well (one click)</source>
        <translation>Consigner le suivi sélectionné comme «&#xa0;Tout va bien&#xa0;» (un clic)</translation>
    </message>
    <message>
        <source>Practitioners, managers and administrators only.</source>
        <translation>Praticiens, gestionnaires et administrateurs seulement.</translation>
    </message>
    <message>
        <source>{who} changed this follow-up of {patient} after the list was shown, so nothing was recorded; the list is up to date now.</source>
        <translation>{who} a modifié ce suivi de {patient} après l’affichage de la liste, donc rien n’a été consigné&#x202f;; la liste est maintenant à jour.</translation>
    </message>
    <message>
        <source>Someone else</source>
        <translation>Quelqu’un d’autre</translation>
    </message>
    <message>
        <source>The follow-up could not be recorded; try again in a moment.</source>
        <translation>Le suivi n’a pas pu être consigné&#x202f;; réessayez dans un instant.</translation>
    </message>
    <message>
        <source>Recording {patient} as all well…</source>
        <translation>{patient}&#xa0;: consignation «&#xa0;Tout va bien&#xa0;» en cours…</translation>
    </message>
    <message>
        <source>{patient}: {kind} recorded as all well.</source>
        <translation>{patient}&#xa0;: {kind} consigné comme «&#xa0;Tout va bien&#xa0;».</translation>
    </message>
</context>
<context>
    <name>LockOverlay</name>
    <message>
        <source>Patient information is hidden while the screen is locked.</source>
        <translation>Les renseignements des patients sont masqués pendant que l’écran est verrouillé.</translation>
    </message>
    <message>
        <source>Screen locked</source>
        <translation>Écran verrouillé</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nom d’utilisateur</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Déverrouiller</translation>
    </message>
    <message>
        <source>Sign in as someone else</source>
        <translation>Se connecter sous un autre nom</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <source>Locked at {time}.
Any staff member can sign in here.</source>
        <translation>Verrouillé à {time}.
Tout membre du personnel peut se connecter ici.</translation>
    </message>
    <message>
        <source>Back to {name}</source>
        <translation>Revenir à {name}</translation>
    </message>
    <message>
        <source>Locked at {time}.
Enter your password to carry on.</source>
        <translation>Verrouillé à {time}.
Entrez votre mot de passe pour continuer.</translation>
    </message>
    <message>
        <source>{name} · {role}</source>
        <translation>{name} · {role}</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Sign in</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <source>Sign in to see patient records.</source>
        <translation>Connectez-vous pour voir les dossiers des patients.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nom d’utilisateur</translation>
    </message>
    <message>
        <source>Forgot your password? An administrator can set a new one.</source>
        <translation>Mot de passe oublié&#x202f;? Un administrateur peut vous en attribuer un nouveau.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Today</source>
        <extracomment>How often an idle window checks that the data and its signed-in account are unchanged (milliseconds).</extracomment>
        <translation>Aujourd’hui</translation>
    </message>
    <message>
        <source>Follow-ups</source>
        <translation>Suivis</translation>
    </message>
    <message>
        <source>Patients</source>
        <translation>Patients</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Rapports</translation>
    </message>
    <message>
        <source>{what} ({keys})</source>
        <translation>{what} ({keys})</translation>
    </message>
    <message>
        <source>{reason}
Any staff member can sign in here.</source>
        <translation>{reason}
Tout membre du personnel peut se connecter ici.</translation>
    </message>
    <message>
        <source>{app} — {demo}</source>
        <translation>{app} — {demo}</translation>
    </message>
    <message>
        <source>{demo}: demo database, made-up patients. Do not enter real patients here.</source>
        <translation>{demo}&#xa0;: base de démonstration, patients fictifs. N’entrez pas de vrais patients ici.</translation>
    </message>
    <message>
        <source>Protocol checks: {errors} error(s), {warnings} warning(s) — see Clinic → Approve protocols…</source>
        <translation>Vérification des protocoles&#xa0;: {errors} erreur(s), {warnings} avertissement(s) — voir Clinique → Approuver les protocoles…</translation>
    </message>
    <message>
        <source>Show the {page} page</source>
        <translation>Afficher la page {page}</translation>
    </message>
    <message>
        <source>⚠ Database on a network share</source>
        <translation>⚠ Base de données sur un partage réseau</translation>
    </message>
    <message>
        <source>{name} ({role})</source>
        <translation>{name} ({role})</translation>
    </message>
    <message>
        <source>At the &amp;desk:</source>
        <translation>Au &amp;poste&#xa0;:</translation>
    </message>
    <message>
        <source>No staff accounts yet</source>
        <translation>Aucun compte du personnel pour l’instant</translation>
    </message>
    <message>
        <source>Nobody signed in</source>
        <translation>Personne n’est connecté</translation>
    </message>
    <message>
        <source>Signed in: &lt;b&gt;{name}&lt;/b&gt; ({role}) · {keys} locks</source>
        <translation>Connecté&#xa0;: &lt;b&gt;{name}&lt;/b&gt; ({role}) · {keys} verrouille</translation>
    </message>
    <message>
        <source>Signed in: &lt;b&gt;{name}&lt;/b&gt; ({role})</source>
        <translation>Connecté&#xa0;: &lt;b&gt;{name}&lt;/b&gt; ({role})</translation>
    </message>
    <message>
        <source>Your password was changed.</source>
        <translation>Votre mot de passe a été changé.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;New patient…</source>
        <translation>&amp;Nouveau patient…</translation>
    </message>
    <message>
        <source>Add a new patient</source>
        <translation>Ajouter un nouveau patient</translation>
    </message>
    <message>
        <source>&amp;Record treatment session…</source>
        <translation>&amp;Consigner une séance de traitement…</translation>
    </message>
    <message>
        <source>Record a treatment session</source>
        <translation>Consigner une séance de traitement</translation>
    </message>
    <message>
        <source>&amp;Print aftercare…</source>
        <translation>&amp;Imprimer la fiche de soins…</translation>
    </message>
    <message>
        <source>Preview, print or save the aftercare sheet of the selected line</source>
        <translation>Prévisualiser, imprimer ou enregistrer la fiche de soins de la ligne sélectionnée</translation>
    </message>
    <message>
        <source>&amp;Save PDF…</source>
        <translation>&amp;Enregistrer en PDF…</translation>
    </message>
    <message>
        <source>Save the page&apos;s document as a PDF</source>
        <translation>Enregistrer le document de la page en PDF</translation>
    </message>
    <message>
        <source>Change my &amp;password…</source>
        <translation>Changer mon &amp;mot de passe…</translation>
    </message>
    <message>
        <source>Change my password</source>
        <translation>Changer mon mot de passe</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>Close the program</source>
        <translation>Fermer le programme</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Aller</translation>
    </message>
    <message>
        <source>&amp;Find patient</source>
        <translation>&amp;Trouver un patient</translation>
    </message>
    <message>
        <source>Search patients by name, phone or date of birth</source>
        <translation>Rechercher des patients par nom, téléphone ou date de naissance</translation>
    </message>
    <message>
        <source>&amp;Clinic</source>
        <translation>&amp;Clinique</translation>
    </message>
    <message>
        <source>Clinic &amp;profile…</source>
        <translation>&amp;Profil de la clinique…</translation>
    </message>
    <message>
        <source>Change the clinic profile</source>
        <translation>Modifier le profil de la clinique</translation>
    </message>
    <message>
        <source>&amp;Approve protocols…</source>
        <translation>&amp;Approuver les protocoles…</translation>
    </message>
    <message>
        <source>Approve aftercare protocols</source>
        <translation>Approuver les protocoles de soins</translation>
    </message>
    <message>
        <source>P&amp;roducts and batches…</source>
        <translation>P&amp;roduits et lots…</translation>
    </message>
    <message>
        <source>The product catalogue and its batches</source>
        <translation>Le catalogue des produits et leurs lots</translation>
    </message>
    <message>
        <source>Audit &amp;trail…</source>
        <translation>&amp;Journal d’audit…</translation>
    </message>
    <message>
        <source>See the audit trail</source>
        <translation>Voir le journal d’audit</translation>
    </message>
    <message>
        <source>&amp;Admin</source>
        <translation>A&amp;dministration</translation>
    </message>
    <message>
        <source>&amp;Staff accounts…</source>
        <translation>Comptes du &amp;personnel…</translation>
    </message>
    <message>
        <source>Manage staff accounts</source>
        <translation>Gérer les comptes du personnel</translation>
    </message>
    <message>
        <source>&amp;Back up now</source>
        <translation>&amp;Sauvegarder maintenant</translation>
    </message>
    <message>
        <source>Back up the database now</source>
        <translation>Sauvegarder la base de données maintenant</translation>
    </message>
    <message>
        <source>&amp;Restore from a backup…</source>
        <translation>&amp;Restaurer une sauvegarde…</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>Restaurer une sauvegarde</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ai&amp;de</translation>
    </message>
    <message>
        <source>&amp;About {app}</source>
        <translation>À &amp;propos de {app}</translation>
    </message>
    <message>
        <source>Version and licences</source>
        <translation>Version et licences</translation>
    </message>
    <message>
        <source>Clinic profile saved.</source>
        <translation>Profil de la clinique enregistré.</translation>
    </message>
    <message>
        <source>Back up</source>
        <translation>Sauvegarder</translation>
    </message>
    <message>
        <source>Backup written and checked: {path}</source>
        <translation>Sauvegarde écrite et vérifiée&#xa0;: {path}</translation>
    </message>
    <message>
        <source>Clinic Desktop backups (*.sqlite3);;All files (*)</source>
        <translation>Sauvegardes Clinic Desktop (*.sqlite3);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Replace all current records with the backup
{name}?

The current data is backed up first, so this can be undone by restoring that copy.</source>
        <translation>Remplacer toutes les données actuelles par la sauvegarde
{name}&#x202f;?

Les données actuelles sont d’abord sauvegardées&#xa0;: on peut donc revenir en arrière en restaurant cette copie.</translation>
    </message>
    <message>
        <source>Checking the backup and restoring it…</source>
        <translation>Vérification et restauration de la sauvegarde…</translation>
    </message>
    <message>
        <source>Restore a backup of another clinic?</source>
        <translation>Restaurer la sauvegarde d’une autre clinique&#x202f;?</translation>
    </message>
    <message>
        <source>{problem}

Restore “{clinic}” anyway?</source>
        <translation>{problem}

Restaurer «&#xa0;{clinic}&#xa0;» quand même&#x202f;?</translation>
    </message>
    <message>
        <source>Restored {name}. The data before the restore was saved as {safety}.</source>
        <translation>{name} restaurée. Les données d’avant la restauration ont été enregistrées sous {safety}.</translation>
    </message>
    <message>
        <source>Restored {name}.</source>
        <translation>{name} restaurée.</translation>
    </message>
    <message>
        <source>About {app}</source>
        <translation>À propos de {app}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{app}&lt;/b&gt; {version}&lt;br&gt;Patient record, aftercare sheets and complication register for aesthetic clinics.</source>
        <translation>&lt;b&gt;{app}&lt;/b&gt; {version}&lt;br&gt;Dossier patient, fiches de soins et registre des complications pour les cliniques d’esthétique.</translation>
    </message>
    <message>
        <source>Bundled fonts: {fonts}. Their licences are under “Show Details…”.</source>
        <translation>Polices incluses&#xa0;: {fonts}. Leurs licences sont sous «&#xa0;Afficher les détails…&#xa0;».</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
</context>
<context>
    <name>MergePatientsDialog</name>
    <message>
        <source>Merge a duplicate into {display_name}</source>
        <translation>Fusionner un doublon dans le dossier de {display_name}</translation>
    </message>
    <message>
        <source>Choose the record that is &lt;b&gt;the same person&lt;/b&gt; as {display_name} (born {born}). Its treatment sessions, sheets, follow-ups and complications move here; it is archived with a pointer to this record.</source>
        <translation>Choisissez le dossier qui est &lt;b&gt;la même personne&lt;/b&gt; que {display_name} (né(e) le {born}). Ses séances de traitement, fiches de soins, suivis et complications sont déplacés ici&#x202f;; il est archivé avec un renvoi vers ce dossier.</translation>
    </message>
    <message>
        <source>No other record has the same name and date of birth, or the same phone.</source>
        <translation>Aucun autre dossier n’a le même nom et la même date de naissance, ni le même téléphone.</translation>
    </message>
    <message>
        <source>e.g. registered twice at check-in</source>
        <translation>p. ex. inscrit deux fois à l’accueil</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>Merge into this patient</source>
        <translation>Fusionner dans ce patient</translation>
    </message>
    <message>
        <source>Choose the duplicate record.</source>
        <translation>Choisissez le dossier en double.</translation>
    </message>
</context>
<context>
    <name>OptionalDateEdit</name>
    <message>
        <source>Type day, month, year — e.g. 4/2/2001, 4 Feb 2001 or 04022001 — or pick it from the calendar (F4).</source>
        <translation>Tapez le jour, le mois, l’année — p. ex. 4/2/2001, 4 févr. 2001 ou 04022001 — ou choisissez-la dans le calendrier (F4).</translation>
    </message>
    <message>
        <source>“{typed}” is not a whole date. {hint}</source>
        <translation>«&#xa0;{typed}&#xa0;» n’est pas une date complète. {hint}</translation>
    </message>
    <message>
        <source>“{typed}” is not a date. {hint}</source>
        <translation>«&#xa0;{typed}&#xa0;» n’est pas une date. {hint}</translation>
    </message>
    <message>
        <source>Write the year in full (e.g. {example}), not “{typed}”.</source>
        <translation>Écrivez l’année au complet (p. ex. {example}), pas «&#xa0;{typed}&#xa0;».</translation>
    </message>
    <message>
        <source>“{typed}” is not a date: there is no year 0.</source>
        <translation>«&#xa0;{typed}&#xa0;» n’est pas une date&#xa0;: il n’y a pas d’année 0.</translation>
    </message>
    <message>
        <source>“{typed}” does not exist: there is no month {month} (months go from 1 to 12).</source>
        <translation>«&#xa0;{typed}&#xa0;» n’existe pas&#xa0;: il n’y a pas de mois {month} (les mois vont de 1 à 12).</translation>
    </message>
    <message>
        <source>“{typed}” does not exist: {month} has {days} days.</source>
        <translation>«&#xa0;{typed}&#xa0;» n’existe pas&#xa0;: {month} compte {days} jours.</translation>
    </message>
    <message>
        <source>Not entered</source>
        <translation>Non saisie</translation>
    </message>
    <message>
        <source>Pick from the calendar</source>
        <translation>Choisir dans le calendrier</translation>
    </message>
    <message>
        <source>Pick from the calendar (F4)</source>
        <translation>Choisir dans le calendrier (F4)</translation>
    </message>
    <message>
        <source>Choose a date between {first} and {last}.</source>
        <translation>Choisissez une date entre le {first} et le {last}.</translation>
    </message>
</context>
<context>
    <name>PatientDialog</name>
    <message>
        <source>Not recorded</source>
        <translation>Non consigné</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>Femme</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>Homme</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Autre</translation>
    </message>
    <message>
        <source>Not stated</source>
        <translation>Non précisé</translation>
    </message>
    <message>
        <source>New patient</source>
        <translation>Nouveau patient</translation>
    </message>
    <message>
        <source>Edit patient</source>
        <translation>Modifier le patient</translation>
    </message>
    <message>
        <source>e.g. Aoife — or the single name, e.g. Suharti</source>
        <translation>p. ex. Aoife — ou le nom unique, p. ex. Suharti</translation>
    </message>
    <message>
        <source>leave empty for a single name</source>
        <translation>laisser vide pour un nom unique</translation>
    </message>
    <message>
        <source>Print aftercare sheets in large type</source>
        <translation>Imprimer les fiches de soins en gros caractères</translation>
    </message>
    <message>
        <source>e.g. lidocaine; latex — leave empty when none known</source>
        <translation>p. ex. lidocaïne&#x202f;; latex — laisser vide si aucune n’est connue</translation>
    </message>
    <message>
        <source>&amp;Given names</source>
        <translation>&amp;Prénoms</translation>
    </message>
    <message>
        <source>&amp;Family name</source>
        <translation>Nom de &amp;famille</translation>
    </message>
    <message>
        <source>&amp;Date of birth</source>
        <translation>&amp;Date de naissance</translation>
    </message>
    <message>
        <source>&amp;Sex</source>
        <translation>&amp;Sexe</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>&amp;Téléphone</translation>
    </message>
    <message>
        <source>&amp;E-mail</source>
        <translation>&amp;Courriel</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <source>&amp;Notes</source>
        <translation>&amp;Notes</translation>
    </message>
    <message>
        <source>Allerg&amp;ies</source>
        <translation>Allerg&amp;ies</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alertes</translation>
    </message>
    <message>
        <source>needed when a name, the date of birth, sex, notes or alerts change</source>
        <translation>requis quand un nom, la date de naissance, le sexe, les notes ou les alertes changent</translation>
    </message>
    <message>
        <source>Reason for the &amp;correction</source>
        <translation>&amp;Motif de la correction</translation>
    </message>
    <message>
        <source>Names are kept exactly as typed.</source>
        <translation>Les noms sont conservés exactement tels que tapés.</translation>
    </message>
    <message>
        <source>Every change is kept in the patient&apos;s history with the reason. Phone, e-mail, language and large print change without a reason.</source>
        <translation>Chaque changement est conservé dans l’historique du patient avec son motif. Le téléphone, le courriel, la langue et les gros caractères changent sans motif.</translation>
    </message>
    <message>
        <source>Open this patient</source>
        <translation>Ouvrir ce patient</translation>
    </message>
    <message>
        <source>Create anyway</source>
        <translation>Créer quand même</translation>
    </message>
    <message>
        <source>Save anyway</source>
        <translation>Enregistrer quand même</translation>
    </message>
    <message>
        <source>Other (as recorded: “{value}”)</source>
        <translation>Autre (tel que consigné&#xa0;: «&#xa0;{value}&#xa0;»)</translation>
    </message>
    <message>
        <source>{choice} (as recorded: “{value}”)</source>
        <translation>{choice} (tel que consigné&#xa0;: «&#xa0;{value}&#xa0;»)</translation>
    </message>
    <message>
        <source>This may be a patient already recorded. Open the existing record, or go on if this is someone else.</source>
        <translation>Ce patient est peut-être déjà inscrit. Ouvrez le dossier existant, ou continuez s’il s’agit d’une autre personne.</translation>
    </message>
    <message>
        <source>This may be one of these patients already recorded. Open the existing record, or go on if this is someone else.</source>
        <translation>Ce patient est peut-être l’un de ceux déjà inscrits. Ouvrez le dossier existant, ou continuez s’il s’agit d’une autre personne.</translation>
    </message>
</context>
<context>
    <name>PatientFileDialog</name>
    <message>
        <source>Patient file for insurer / regulator</source>
        <translation>Dossier du patient pour l’assureur ou l’organisme de réglementation</translation>
    </message>
    <message>
        <source>patient {number}</source>
        <translation>patient {number}</translation>
    </message>
    <message>
        <source>One PDF with the complete file of &lt;b&gt;{name}&lt;/b&gt;, concerning complication {number}.</source>
        <translation>Un PDF avec le dossier complet de &lt;b&gt;{name}&lt;/b&gt;, concernant la complication {number}.</translation>
    </message>
    <message>
        <source>One PDF with the complete file of &lt;b&gt;{name}&lt;/b&gt;.</source>
        <translation>Un PDF avec le dossier complet de &lt;b&gt;{name}&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>Identified (name and date of birth; aftercare sheets attached)</source>
        <translation>Identifié (nom et date de naissance&#x202f;; fiches de soins jointes)</translation>
    </message>
    <message>
        <source>De-identified for a regulator (initials, age, local number; no photographs)</source>
        <translation>Dépersonnalisé pour un organisme de réglementation (initiales, âge, numéro local&#x202f;; sans photographies)</translation>
    </message>
    <message>
        <source>Include the photographs, faces included (recorded in the audit trail)</source>
        <translation>Inclure les photographies, visages compris (consigné dans le journal d’audit)</translation>
    </message>
    <message>
        <source>Make PDF…</source>
        <translation>Créer le PDF…</translation>
    </message>
    <message>
        <source>Save the patient file</source>
        <translation>Enregistrer le dossier du patient</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Nobody is at the desk.</source>
        <translation>Personne n’est connecté au poste.</translation>
    </message>
    <message>
        <source>Making the patient file…</source>
        <translation>Création du dossier du patient…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>all identical to what was handed</source>
        <translation>toutes identiques à celles remises</translation>
    </message>
    <message numerus="yes">
        <source>%n NOT identical (see the last page)</source>
        <translation>
            <numerusform>%n NON identique (voir la dernière page)</numerusform>
            <numerusform>%n NON identiques (voir la dernière page)</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved {path} — {pages} pages, {sheets} aftercare sheet(s) attached ({same}), {photos} photo(s).</source>
        <translation>Enregistré&#xa0;: {path} — {pages} pages, fiches de soins jointes&#xa0;: {sheets} ({same}), photos&#xa0;: {photos}.</translation>
    </message>
    <message>
        <source>The patient file could not be made; the details are in the log.</source>
        <translation>Le dossier du patient n’a pas pu être créé&#x202f;; les détails sont dans le journal.</translation>
    </message>
    <message>
        <source>Stopped: no file was written.</source>
        <translation>Arrêté&#xa0;: aucun fichier n’a été écrit.</translation>
    </message>
</context>
<context>
    <name>PatientPicker</name>
    <message>
        <source>Type a name, phone number or date of birth…</source>
        <translation>Tapez un nom, un numéro de téléphone ou une date de naissance…</translation>
    </message>
</context>
<context>
    <name>PatientTableModel</name>
    <message>
        <source>Name</source>
        <extracomment>Milliseconds after the last key press before searching (keeps typing smooth; search itself takes ~ms). Rows shown at most in the search list. Patients read per page while browsing the whole list (empty search); more are read as the list scrolls.</extracomment>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>Né(e) le</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
</context>
<context>
    <name>PatientsPage</name>
    <message>
        <source>Treatment</source>
        <translation>Traitement</translation>
    </message>
    <message>
        <source>Aftercare</source>
        <translation>Fiche de soins</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>Suivi</translation>
    </message>
    <message>
        <source>Complication</source>
        <translation>Complication</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>Correction</translation>
    </message>
    <message>
        <source>Find patient</source>
        <translation>Trouver un patient</translation>
    </message>
    <message>
        <source>Search by name, phone or date of birth (e.g. zoe, 555 0104, 1990-05-17)</source>
        <translation>Rechercher par nom, téléphone ou date de naissance (p. ex. zoe, 555 0104, 1990-05-17)</translation>
    </message>
    <message>
        <source>{find}; Enter goes to the first patient found</source>
        <translation>{find}&#x202f;; Entrée ouvre le premier patient trouvé</translation>
    </message>
    <message>
        <source>Enter goes to the first patient found</source>
        <translation>Entrée ouvre le premier patient trouvé</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Patients&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Patients&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Choose a patient.</source>
        <translation>Choisissez un patient.</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Quoi</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <source>Report complication…</source>
        <translation>Signaler une complication…</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Ouvrir…</translation>
    </message>
    <message>
        <source>Open the selected complication or follow-up (Enter)</source>
        <translation>Ouvrir la complication ou le suivi sélectionné (Entrée)</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>Réimprimer</translation>
    </message>
    <message>
        <source>Batch recall…</source>
        <translation>Rappel de lot…</translation>
    </message>
    <message>
        <source>Edit patient…</source>
        <translation>Modifier le patient…</translation>
    </message>
    <message>
        <source>Correct the patient&apos;s details; every change is kept in the history.</source>
        <translation>Corriger les renseignements du patient&#x202f;; chaque changement est conservé dans l’historique.</translation>
    </message>
    <message>
        <source>Correct…</source>
        <translation>Corriger…</translation>
    </message>
    <message>
        <source>Correct the selected treatment session and its products, with a reason.</source>
        <translation>Corriger la séance de traitement sélectionnée et ses produits, avec un motif.</translation>
    </message>
    <message>
        <source>Entered in error…</source>
        <translation>Saisie par erreur…</translation>
    </message>
    <message>
        <source>The selected treatment session should never have been recorded: it stays in the history, marked, and leaves lists and reports.</source>
        <translation>La séance de traitement sélectionnée n’aurait jamais dû être consignée&#xa0;: elle reste dans l’historique, marquée, et sort des listes et des rapports.</translation>
    </message>
    <message>
        <source>Undo “All well”…</source>
        <translation>Annuler «&#xa0;Tout va bien&#xa0;»…</translation>
    </message>
    <message>
        <source>The selected follow-up was closed as “All well” by mistake: reopen it.</source>
        <translation>Le suivi sélectionné a été clos par erreur comme «&#xa0;Tout va bien&#xa0;»&#xa0;: le rouvrir.</translation>
    </message>
    <message>
        <source>Merge duplicate…</source>
        <translation>Fusionner un doublon…</translation>
    </message>
    <message>
        <source>Managers: the same person was recorded twice; merge the other record here.</source>
        <translation>Gestionnaires&#xa0;: la même personne a été inscrite deux fois&#x202f;; fusionner l’autre dossier dans celui-ci.</translation>
    </message>
    <message>
        <source>Print corrected sheet…</source>
        <translation>Imprimer la fiche corrigée…</translation>
    </message>
    <message>
        <source>This sheet was issued before a correction; prepare a new one.</source>
        <translation>Cette fiche a été remise avant une correction&#x202f;; en préparer une nouvelle.</translation>
    </message>
    <message>
        <source>Every patient, newest first; the list goes on as you scroll</source>
        <translation>Tous les patients, les plus récents d’abord&#x202f;; la liste se poursuit au défilement</translation>
    </message>
    <message numerus="yes">
        <source>%n found</source>
        <translation>
            <numerusform>%n trouvé</numerusform>
            <numerusform>%n trouvés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>More than %n found; keep typing to narrow</source>
        <translation>
            <numerusform>Plus de %n trouvé&#x202f;; continuez à taper pour préciser</numerusform>
            <numerusform>Plus de %n trouvés&#x202f;; continuez à taper pour préciser</numerusform>
        </translation>
    </message>
    <message>
        <source>Nobody is at the desk.</source>
        <translation>Personne n’est connecté au poste.</translation>
    </message>
    <message>
        <source>Born {born} · Phone &lt;b&gt;{phone}&lt;/b&gt; · {email} · sheets in {language}</source>
        <translation>Né(e) le {born} · Téléphone &lt;b&gt;{phone}&lt;/b&gt; · {email} · fiches en {language}</translation>
    </message>
    <message>
        <source>no e-mail</source>
        <translation>aucun courriel</translation>
    </message>
    <message>
        <source>This patient has no treatment session to link a complication to.</source>
        <translation>Ce patient n’a aucune séance de traitement à laquelle rattacher une complication.</translation>
    </message>
    <message>
        <source>Which treatment session?</source>
        <translation>Quelle séance de traitement&#x202f;?</translation>
    </message>
    <message>
        <source>The complication followed:</source>
        <translation>La complication a suivi&#xa0;:</translation>
    </message>
    <message>
        <source>Reprinted: identical to the original, byte for byte.</source>
        <translation>Réimprimée&#xa0;: identique à l’original, octet pour octet.</translation>
    </message>
    <message>
        <source>Reprinted: NOT identical to the original (the difference is logged).</source>
        <translation>Réimprimée&#xa0;: NON identique à l’original (la différence est consignée).</translation>
    </message>
    <message>
        <source>Save the reprint</source>
        <translation>Enregistrer la réimpression</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>{reprinted} Saved to {path}.</source>
        <translation>{reprinted} Enregistrée dans {path}.</translation>
    </message>
    <message>
        <source>{reprinted} Not saved: {reason}</source>
        <translation>{reprinted} Non enregistrée&#xa0;: {reason}</translation>
    </message>
    <message>
        <source>Patient details saved; the old values are in the history.</source>
        <translation>Renseignements du patient enregistrés&#x202f;; les anciennes valeurs sont dans l’historique.</translation>
    </message>
    <message>
        <source>The duplicate record was merged here; both histories show the merge.</source>
        <translation>Le dossier en double a été fusionné ici&#x202f;; les deux historiques indiquent la fusion.</translation>
    </message>
    <message>
        <source>Treatment session corrected; the old values are in the history.</source>
        <translation>Séance de traitement corrigée&#x202f;; les anciennes valeurs sont dans l’historique.</translation>
    </message>
    <message>
        <source>Treatment session entered in error</source>
        <translation>Séance de traitement saisie par erreur</translation>
    </message>
    <message>
        <source>Why should this treatment session never have been recorded? It stays in the history, marked, and its open follow-ups are cancelled.</source>
        <translation>Pourquoi cette séance de traitement n’aurait-elle jamais dû être consignée&#x202f;? Elle reste dans l’historique, marquée, et ses suivis ouverts sont annulés.</translation>
    </message>
    <message>
        <source>Mark entered in error</source>
        <translation>Marquer comme saisie par erreur</translation>
    </message>
    <message>
        <source>Marked as entered in error; it stays in the history.</source>
        <translation>Marquée comme saisie par erreur&#x202f;; elle reste dans l’historique.</translation>
    </message>
    <message>
        <source>Undo “All well”</source>
        <translation>Annuler «&#xa0;Tout va bien&#xa0;»</translation>
    </message>
    <message>
        <source>Why was “All well” recorded by mistake? The follow-up will be open again.</source>
        <translation>Pourquoi «&#xa0;Tout va bien&#xa0;» a-t-il été consigné par erreur&#x202f;? Le suivi sera de nouveau ouvert.</translation>
    </message>
    <message>
        <source>The follow-up is open again; the undone “All well” is in the history.</source>
        <translation>Le suivi est de nouveau ouvert&#x202f;; le «&#xa0;Tout va bien&#xa0;» annulé est dans l’historique.</translation>
    </message>
    <message>
        <source>This treatment session was entered in error: there is no corrected sheet to print.</source>
        <translation>Cette séance de traitement a été saisie par erreur&#xa0;: il n’y a pas de fiche corrigée à imprimer.</translation>
    </message>
    <message>
        <source>No corrected sheet: {reason}</source>
        <translation>Aucune fiche corrigée&#xa0;: {reason}</translation>
    </message>
</context>
<context>
    <name>PhotoConsentDialog</name>
    <message>
        <source>Photo consent</source>
        <translation>Consentement aux photos</translation>
    </message>
    <message>
        <source>The patient agrees to photographs being used…</source>
        <translation>Le patient accepte que les photographies servent…</translation>
    </message>
    <message>
        <source>not asked yet</source>
        <translation>pas encore demandé</translation>
    </message>
    <message>
        <source>agreed {when} — recorded by {name}</source>
        <translation>accepté le {when} — consigné par {name}</translation>
    </message>
    <message>
        <source>declined {when} — recorded by {name}</source>
        <translation>refusé le {when} — consigné par {name}</translation>
    </message>
    <message>
        <source>optional, e.g. “signed form scanned”</source>
        <translation>facultatif, p. ex. « formulaire signé numérisé »</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Consent withdrawn</source>
        <translation>Consentement retiré</translation>
    </message>
    <message numerus="yes">
        <source>The patient withdraws consent to photographs for the record.

Delete the images of their %n stored photo(s) as well? This cannot be undone (the record keeps that they existed).
No keeps the photos taken so far.</source>
        <translation>
            <numerusform>Le patient retire son consentement aux photographies pour le dossier.

Supprimer aussi l’image de sa photo conservée&#x202f;? C’est irréversible (le dossier garde la trace de son existence).
Non conserve la photo prise jusqu’ici.</numerusform>
            <numerusform>Le patient retire son consentement aux photographies pour le dossier.

Supprimer aussi les images de ses %n photos conservées&#x202f;? C’est irréversible (le dossier garde la trace de leur existence).
Non conserve les photos prises jusqu’ici.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <source>Photos (*.jpg *.jpeg *.png *.heic *.heif *.tif *.tiff *.webp);;All files (*)</source>
        <translation>Photos (*.jpg *.jpeg *.png *.heic *.heif *.tif *.tiff *.webp);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Photographies</translation>
    </message>
    <message>
        <source>Add photos…</source>
        <translation>Ajouter…</translation>
    </message>
    <message>
        <source>Camera…</source>
        <translation>Caméra…</translation>
    </message>
    <message>
        <source>View</source>
        <translation>Voir</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Comparer</translation>
    </message>
    <message>
        <source>Photo consent…</source>
        <translation>Consentement…</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Retirer…</translation>
    </message>
    <message>
        <source>Photo consent</source>
        <translation>Consentement aux photos</translation>
    </message>
    <message>
        <source>This patient has not agreed to photographs for the clinical record yet.

Ask them now. Did they agree? (Yes records their consent, dated, in your name.)</source>
        <translation>Ce patient n’a pas encore accepté les photographies pour le dossier clinique.

Demandez-le-lui maintenant. A-t-il accepté&#x202f;? (Oui consigne son consentement, daté, à votre nom.)</translation>
    </message>
    <message>
        <source>Add photos</source>
        <translation>Ajouter des photos</translation>
    </message>
    <message>
        <source>&lt;b&gt;Photos&lt;/b&gt; ({count})</source>
        <translation>&lt;b&gt;Photographies&lt;/b&gt; ({count})</translation>
    </message>
    <message>
        <source>&lt;b&gt;Photos&lt;/b&gt; — none yet</source>
        <translation>&lt;b&gt;Photographies&lt;/b&gt; — aucune pour l’instant</translation>
    </message>
    <message>
        <source>Choose the treatment session, follow-up or complication the photos belong to.</source>
        <translation>Choisissez la séance de traitement, le suivi ou la complication auquel les photos se rattachent.</translation>
    </message>
    <message>
        <source>No photos imported: the patient has not agreed to photographs for the record.</source>
        <translation>Aucune photo importée&#xa0;: le patient n’a pas accepté les photographies pour le dossier.</translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s) added.</source>
        <translation>
            <numerusform>%n photo ajoutée.</numerusform>
            <numerusform>%n photos ajoutées.</numerusform>
        </translation>
    </message>
    <message>
        <source>Select two photos to compare (Ctrl+click the second).</source>
        <translation>Sélectionnez deux photos à comparer (Ctrl+clic sur la seconde).</translation>
    </message>
    <message>
        <source>Remove photo</source>
        <translation>Retirer la photo</translation>
    </message>
    <message>
        <source>Remove “{label}”?</source>
        <translation>Retirer « {label} »&#x202f;?</translation>
    </message>
    <message>
        <source>Entered in error: hidden from the record but kept, with your reason.
Consent withdrawn: the image itself is deleted for good (the record keeps that a photo existed).</source>
        <translation>Saisie par erreur&#xa0;: masquée dans le dossier mais conservée, avec votre motif.
Consentement retiré&#xa0;: l’image elle-même est supprimée définitivement (le dossier garde la trace de son existence).</translation>
    </message>
    <message>
        <source>Entered in error…</source>
        <translation>Saisie par erreur…</translation>
    </message>
    <message>
        <source>Consent withdrawn: delete…</source>
        <translation>Consentement retiré&#xa0;: supprimer…</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Motif&#xa0;:</translation>
    </message>
    <message>
        <source>Note (optional):</source>
        <translation>Note (facultative)&#xa0;:</translation>
    </message>
    <message>
        <source>Photo marked as entered in error (kept, hidden).</source>
        <translation>Photo marquée comme saisie par erreur (conservée, masquée).</translation>
    </message>
    <message>
        <source>Photo image deleted: consent withdrawn.</source>
        <translation>Image de la photo supprimée&#xa0;: consentement retiré.</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <source>Zoom in</source>
        <translation>Agrandir</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Réduire</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Ajuster</translation>
    </message>
    <message>
        <source>Actual size</source>
        <translation>Taille réelle</translation>
    </message>
</context>
<context>
    <name>PhotoViewerDialog</name>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt;</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>ProductUseCorrections</name>
    <message>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <source>Batch number</source>
        <translation>Numéro de lot</translation>
    </message>
    <message>
        <source>Expiry date</source>
        <translation>Date d’expiration</translation>
    </message>
    <message>
        <source>Dose</source>
        <translation>Dose</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unité</translation>
    </message>
</context>
<context>
    <name>ProductsDialog</name>
    <message>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unité</translation>
    </message>
    <message>
        <source>Batches</source>
        <translation>Lots</translation>
    </message>
    <message>
        <source>Uses</source>
        <translation>Utilisations</translation>
    </message>
    <message>
        <source>medicine</source>
        <extracomment>ProductKind values as shown (translated where shown)</extracomment>
        <translation>médicament</translation>
    </message>
    <message>
        <source>medical device</source>
        <translation>instrument médical</translation>
    </message>
    <message numerus="yes">
        <source>%n use(s)</source>
        <translation>
            <numerusform>%n utilisation</numerusform>
            <numerusform>%n utilisations</numerusform>
        </translation>
    </message>
    <message>
        <source>Products and batches</source>
        <translation>Produits et lots</translation>
    </message>
    <message>
        <source>&lt;b&gt;Possibly the same product&lt;/b&gt; (never merged without a manager&apos;s choice)</source>
        <translation>&lt;b&gt;Peut-être le même produit&lt;/b&gt; (jamais fusionné sans le choix d’un gestionnaire)</translation>
    </message>
    <message>
        <source>Merge, keeping “{name}”</source>
        <translation>Fusionner en gardant « {name} »</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Fusionner</translation>
    </message>
    <message>
        <source>Managers and administrators only.</source>
        <translation>Gestionnaires et administrateurs seulement.</translation>
    </message>
    <message>
        <source>“{gone}” merged into “{kept}”; the old spelling is kept in the history of each product use.</source>
        <translation>« {gone} » fusionné dans « {kept} »&#x202f;; l’ancienne graphie est conservée dans l’historique de chaque utilisation du produit.</translation>
    </message>
</context>
<context>
    <name>ProtocolApprovalDialog</name>
    <message>
        <source>Approve protocols</source>
        <translation>Approuver les protocoles</translation>
    </message>
    <message>
        <source>Approve selected</source>
        <translation>Approuver la sélection</translation>
    </message>
    <message>
        <source>A protocol that is not approved prints with a DRAFT mark.</source>
        <translation>Un protocole non approuvé s’imprime avec la mention BROUILLON.</translation>
    </message>
    <message>
        <source>Protocol checks</source>
        <translation>Vérification des protocoles</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Avertissement</translation>
    </message>
    <message>
        <source>{level}: {file}, {field}: {message}</source>
        <translation>{level}&#xa0;: {file}, {field}&#xa0;: {message}</translation>
    </message>
    <message>
        <source>{level}: {file}: {message}</source>
        <translation>{level}&#xa0;: {file}&#xa0;: {message}</translation>
    </message>
    <message>
        <source>Every protocol passed its checks.</source>
        <translation>Tous les protocoles ont passé leurs vérifications.</translation>
    </message>
    <message numerus="yes">
        <source>Protocol checks (%n to look at)</source>
        <translation>
            <numerusform>Vérification des protocoles (%n à examiner)</numerusform>
            <numerusform>Vérification des protocoles (%n à examiner)</numerusform>
        </translation>
    </message>
    <message>
        <source>{treatment} — version {version} (approved)</source>
        <translation>{treatment} — version {version} (approuvée)</translation>
    </message>
    <message>
        <source>{treatment} — version {version} (draft — not approved)</source>
        <translation>{treatment} — version {version} (brouillon — non approuvée)</translation>
    </message>
    <message>
        <source>Select a protocol first.</source>
        <translation>Sélectionnez d’abord un protocole.</translation>
    </message>
    <message>
        <source>Approved.</source>
        <translation>Approuvé.</translation>
    </message>
</context>
<context>
    <name>RecallDialog</name>
    <message>
        <source>Batch recall</source>
        <translation>Rappel de lot</translation>
    </message>
    <message>
        <source>Batch (lot) number</source>
        <translation>Numéro de lot</translation>
    </message>
    <message>
        <source>Batch (lot) number, e.g. HG24-117B</source>
        <translation>Numéro de lot, p. ex. HG24-117B</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Trouver</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exporter en CSV…</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Lot</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Managers and administrators only (names and phones).</source>
        <translation>Gestionnaires et administrateurs seulement (noms et téléphones).</translation>
    </message>
    <message>
        <source>No patient was treated with batch “{batch}”.</source>
        <translation>Aucun patient n’a été traité avec le lot «&#xa0;{batch}&#xa0;».</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n&lt;/b&gt; product use(s)</source>
        <translation>
            <numerusform>&lt;b&gt;%n&lt;/b&gt; utilisation du produit</numerusform>
            <numerusform>&lt;b&gt;%n&lt;/b&gt; utilisations du produit</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n&lt;/b&gt; patient(s)</source>
        <translation>
            <numerusform>&lt;b&gt;%n&lt;/b&gt; patient</numerusform>
            <numerusform>&lt;b&gt;%n&lt;/b&gt; patients</numerusform>
        </translation>
    </message>
    <message>
        <source>{uses}, {patients}, {with_complications} with a complication linked to this batch</source>
        <translation>{uses}, {patients}, dont {with_complications} avec une complication liée à ce lot</translation>
    </message>
    <message>
        <source>{uses}, {patients}</source>
        <translation>{uses}, {patients}</translation>
    </message>
    <message>
        <source>Export recall list</source>
        <translation>Exporter la liste de rappel</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) written to {path}.</source>
        <translation>
            <numerusform>%n ligne écrite dans {path}.</numerusform>
            <numerusform>%n lignes écrites dans {path}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecallTableModel</name>
    <message>
        <source>Treated</source>
        <translation>Traité le</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>Né(e) le</translation>
    </message>
    <message>
        <source>Product (batch)</source>
        <translation>Produit (lot)</translation>
    </message>
    <message>
        <source>Practitioner</source>
        <translation>Praticien</translation>
    </message>
    <message>
        <source>Complications</source>
        <translation>Complications</translation>
    </message>
    <message>
        <source>{product} ({batch})</source>
        <translation>{product} ({batch})</translation>
    </message>
</context>
<context>
    <name>ReportFigures</name>
    <message>
        <source>Treatment sessions</source>
        <extracomment>the names of reporting.exporters.summary_figures (English there, as in the exports), shown translated</extracomment>
        <translation>Séances de traitement</translation>
    </message>
    <message>
        <source>Complications</source>
        <translation>Complications</translation>
    </message>
    <message>
        <source>Treatment sessions with a complication</source>
        <translation>Séances de traitement avec une complication</translation>
    </message>
    <message>
        <source>Patients affected</source>
        <translation>Patients touchés</translation>
    </message>
    <message>
        <source>Rate per 1,000 treatment sessions</source>
        <translation>Taux pour 1 000 séances de traitement</translation>
    </message>
    <message>
        <source>95% interval (Wilson)</source>
        <translation>Intervalle à 95 % (Wilson)</translation>
    </message>
    <message>
        <source>Serious complications</source>
        <translation>Complications graves</translation>
    </message>
    <message>
        <source>Open (unresolved) complications</source>
        <translation>Complications ouvertes (non résolues)</translation>
    </message>
    <message>
        <source>Median days to onset</source>
        <translation>Délai médian d’apparition (jours)</translation>
    </message>
    <message>
        <source>Median days to resolution</source>
        <translation>Délai médian de résolution (jours)</translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message>
        <source>This month</source>
        <translation>Ce mois-ci</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>30 derniers jours</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>12 derniers mois</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>Cette année</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>L’an dernier</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Personnalisée</translation>
    </message>
    <message>
        <source>1 (mild) or worse</source>
        <translation>1 (léger) ou plus</translation>
    </message>
    <message>
        <source>2 (moderate) or worse</source>
        <translation>2 (modéré) ou plus</translation>
    </message>
    <message>
        <source>3 (severe) or worse</source>
        <translation>3 (sévère) ou plus</translation>
    </message>
    <message>
        <source>4 (life-threatening) or worse</source>
        <translation>4 (menace vitale) ou plus</translation>
    </message>
    <message>
        <source>5 (death)</source>
        <translation>5 (décès)</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exporter CSV…</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export XLSX…</source>
        <translation>Exporter XLSX…</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Classeurs Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>Exporter PDF…</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Fichiers PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Line listing…</source>
        <translation>Liste détaillée…</translation>
    </message>
    <message>
        <source>Line listing (*.xlsx *.csv)</source>
        <translation>Liste détaillée (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>Complication reports are for managers and administrators.</source>
        <translation>Les rapports de complications sont réservés aux gestionnaires et aux administrateurs.</translation>
    </message>
    <message>
        <source>Period and filters</source>
        <extracomment>Rows measured to size a table&apos;s columns (never the whole list: a 5,000-row table opens at once).</extracomment>
        <translation>Période et filtres</translation>
    </message>
    <message>
        <source>any batch</source>
        <translation>tout lot</translation>
    </message>
    <message>
        <source>Any grade</source>
        <translation>Tout grade</translation>
    </message>
    <message>
        <source>Any outcome</source>
        <translation>Toute évolution</translation>
    </message>
    <message>
        <source>Serious only</source>
        <translation>Graves seulement</translation>
    </message>
    <message>
        <source>Show report</source>
        <translation>Afficher le rapport</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Du</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Au</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Période</translation>
    </message>
    <message>
        <source>Treatment</source>
        <translation>Traitement</translation>
    </message>
    <message>
        <source>Practitioner</source>
        <translation>Praticien</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Lot</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Gravité</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Évolution</translation>
    </message>
    <message>
        <source>Figures</source>
        <translation>Chiffres</translation>
    </message>
    <message>
        <source>Open (unresolved) compl.</source>
        <translation>Compl. ouvertes (non résolues)</translation>
    </message>
    <message>
        <source>Treatment sessions with a complication per 1,000, by month</source>
        <translation>Séances de traitement avec une complication pour 1 000, par mois</translation>
    </message>
    <message>
        <source>Trend</source>
        <comment>report tab</comment>
        <translation>Tendance</translation>
    </message>
    <message>
        <source>Monthly trend</source>
        <translation>Tendance mensuelle</translation>
    </message>
    <message>
        <source>By treatment</source>
        <translation>Par traitement</translation>
    </message>
    <message>
        <source>Treatment</source>
        <comment>report tab</comment>
        <translation>Traitement</translation>
    </message>
    <message>
        <source>By practitioner</source>
        <translation>Par praticien</translation>
    </message>
    <message>
        <source>Practitioner</source>
        <comment>report tab</comment>
        <translation>Praticien</translation>
    </message>
    <message>
        <source>By batch</source>
        <translation>Par lot</translation>
    </message>
    <message>
        <source>Batch</source>
        <comment>report tab</comment>
        <translation>Lot</translation>
    </message>
    <message>
        <source>By month</source>
        <translation>Par mois</translation>
    </message>
    <message>
        <source>Month</source>
        <comment>report tab</comment>
        <translation>Mois</translation>
    </message>
    <message>
        <source>Breakdown</source>
        <comment>report tab</comment>
        <translation>Répartition</translation>
    </message>
    <message>
        <source>By kind, grade, outcome</source>
        <translation>Par type, grade, évolution</translation>
    </message>
    <message>
        <source>Include patient names (recorded in the audit trail)</source>
        <translation>Inclure les noms (consigné au journal d’audit)</translation>
    </message>
    <message>
        <source>All treatments</source>
        <translation>Tous les traitements</translation>
    </message>
    <message>
        <source>All practitioners</source>
        <translation>Tous les praticiens</translation>
    </message>
    <message>
        <source>{task}…</source>
        <translation>{task}…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Something went wrong: {error}</source>
        <translation>Une erreur s’est produite&#xa0;: {error}</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Annulé.</translation>
    </message>
    <message>
        <source>Computing the complication report</source>
        <translation>Calcul du rapport de complications</translation>
    </message>
    <message>
        <source>Saved {path} with patient names; what it covers is in {about}.</source>
        <translation>{path} enregistré avec le nom des patients&#x202f;; ce qu’il couvre est décrit dans {about}.</translation>
    </message>
    <message>
        <source>Saved {path}, de-identified; what it covers is in {about}.</source>
        <translation>{path} enregistré, dépersonnalisé&#x202f;; ce qu’il couvre est décrit dans {about}.</translation>
    </message>
    <message>
        <source>Saved {path} with patient names.</source>
        <translation>{path} enregistré avec le nom des patients.</translation>
    </message>
    <message>
        <source>Saved {path}, de-identified.</source>
        <translation>{path} enregistré, dépersonnalisé.</translation>
    </message>
    <message>
        <source>Exporting the complication report</source>
        <translation>Exportation du rapport de complications</translation>
    </message>
    <message numerus="yes">
        <source>%Ln complication(s)</source>
        <translation>
            <numerusform>%Ln complication</numerusform>
            <numerusform>%Ln complications</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln treatment session(s)</source>
        <translation>
            <numerusform>%Ln séance de traitement</numerusform>
            <numerusform>%Ln séances de traitement</numerusform>
        </translation>
    </message>
    <message>
        <source>{complications} after {sessions}.</source>
        <translation>{complications} après {sessions}.</translation>
    </message>
    <message>
        <source>Batch signal: {product}, batch {batch} — {affected} of {sessions} with a complication ({rate} per 1,000, other batches {other}; Holm p = {p})</source>
        <translation>Signal de lot&#xa0;: {product}, lot {batch} — {affected} sur {sessions} avec une complication ({rate} pour 1 000, autres lots {other}&#x202f;; p de Holm = {p})</translation>
    </message>
    <message>
        <source>{product}, batch {batch}: {signal}</source>
        <translation>{product}, lot {batch}&#xa0;: {signal}</translation>
    </message>
    <message>
        <source>Rate per 1,000</source>
        <translation>Taux pour 1 000</translation>
    </message>
    <message>
        <source>per 1,000 treatment sessions</source>
        <translation>pour 1 000 séances de traitement</translation>
    </message>
</context>
<context>
    <name>ReportTables</name>
    <message>
        <source>Group</source>
        <translation>Groupe</translation>
    </message>
    <message>
        <source>Treatment sessions</source>
        <translation>Séances de traitement</translation>
    </message>
    <message>
        <source>With complication</source>
        <translation>Avec complication</translation>
    </message>
    <message>
        <source>Complications</source>
        <translation>Complications</translation>
    </message>
    <message>
        <source>Rate per 1,000</source>
        <translation>Taux pour 1 000</translation>
    </message>
    <message>
        <source>95% interval</source>
        <translation>Intervalle à 95 %</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Lot</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Séances</translation>
    </message>
    <message>
        <source>With compl.</source>
        <translation>Avec compl.</translation>
    </message>
    <message>
        <source>Per 1,000</source>
        <translation>Pour 1 000</translation>
    </message>
    <message>
        <source>Others per 1,000</source>
        <translation>Autres pour 1 000</translation>
    </message>
    <message>
        <source>p (Holm)</source>
        <translation>p (Holm)</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>Signal</translation>
    </message>
    <message>
        <source>SIGNAL</source>
        <translation>SIGNAL</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Part</translation>
    </message>
    <message>
        <source>{share}%</source>
        <translation>{share}&#xa0;%</translation>
    </message>
    <message>
        <source>Treatment</source>
        <translation>Traitement</translation>
    </message>
    <message>
        <source>Practitioner</source>
        <translation>Praticien</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Mois</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Severity grade</source>
        <translation>Grade de gravité</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Évolution</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <source>Receptionist</source>
        <extracomment>the roles&apos; names in English, keyed by the role&apos;s value (Role is a str enum, so Role members look up too); shown through :func:`role_label`, which translates them. Plain strings: no models import before the first window is up.</extracomment>
        <translation>Réceptionniste</translation>
    </message>
    <message>
        <source>Practitioner</source>
        <translation>Praticien</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Gestionnaire</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrateur</translation>
    </message>
</context>
<context>
    <name>SessionGuard</name>
    <message>
        <source>Lock screen</source>
        <translation>Verrouiller l’écran</translation>
    </message>
    <message>
        <source>Hide patient information until you sign in again (Ctrl+L)</source>
        <translation>Masquer les renseignements des patients jusqu’à votre prochaine connexion (Ctrl+L)</translation>
    </message>
    <message>
        <source>Switch person…</source>
        <translation>Changer de personne…</translation>
    </message>
</context>
<context>
    <name>SheetPreviewDialog</name>
    <message>
        <source>No printer is installed on this computer — use Save PDF.</source>
        <extracomment>English; shown through tr() in the context SheetPreviewDialog</extracomment>
        <translation>Aucune imprimante n’est installée sur cet ordinateur — utilisez Enregistrer en PDF.</translation>
    </message>
    <message>
        <source>Personal adjustments: {message}</source>
        <translation>Ajustements personnels&#xa0;: {message}</translation>
    </message>
    <message>
        <source>Language: {message}</source>
        <translation>Langue&#xa0;: {message}</translation>
    </message>
    <message>
        <source>Saving: {message}</source>
        <translation>Enregistrement&#xa0;: {message}</translation>
    </message>
    <message>
        <source>Aftercare sheet — {name}</source>
        <translation>Fiche de soins — {name}</translation>
    </message>
    <message>
        <source>Only a practitioner can change these waiting times.</source>
        <translation>Seul un praticien peut modifier ces délais d’attente.</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Imprimer…</translation>
    </message>
    <message>
        <source>&amp;Save PDF…</source>
        <translation>&amp;Enregistrer en PDF…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Changing a waiting time is a practitioner&apos;s decision: ask a practitioner, or a manager can allow receptionists in the clinic profile.</source>
        <translation>Modifier un délai d’attente est une décision du praticien&#xa0;: demandez à un praticien, ou un gestionnaire peut l’autoriser aux réceptionnistes dans le profil de la clinique.</translation>
    </message>
    <message>
        <source>Correct the waiting time marked in red: {problem}</source>
        <translation>Corrigez le délai d’attente marqué en rouge&#xa0;: {problem}</translation>
    </message>
    <message>
        <source>The sheet could not be prepared because of a problem in the program; it was written to the log. Nothing was printed or saved.</source>
        <translation>La fiche n’a pas pu être préparée à cause d’un problème dans le programme&#x202f;; il a été consigné dans le journal. Rien n’a été imprimé ni enregistré.</translation>
    </message>
    <message>
        <source>Save aftercare sheet</source>
        <translation>Enregistrer la fiche de soins</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Fichiers PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>Enregistrée dans {path}</translation>
    </message>
    <message>
        <source>The printer did not accept the sheet; nothing was recorded. Check the printer, or use Save PDF.</source>
        <translation>L’imprimante n’a pas accepté la fiche&#x202f;; rien n’a été consigné. Vérifiez l’imprimante, ou utilisez Enregistrer en PDF.</translation>
    </message>
    <message>
        <source>Sent to {printer}.</source>
        <translation>Envoyée à {printer}.</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>Envoyée à l’imprimante.</translation>
    </message>
</context>
<context>
    <name>StaffAdminDialog</name>
    <message>
        <source>Staff accounts</source>
        <translation>Comptes du personnel</translation>
    </message>
    <message>
        <source>Selected staff member</source>
        <translation>Membre du personnel sélectionné</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>Changer le rôle</translation>
    </message>
    <message>
        <source>New password (at least {MIN_PASSWORD_LENGTH} characters)</source>
        <translation>Nouveau mot de passe (au moins {MIN_PASSWORD_LENGTH} caractères)</translation>
    </message>
    <message>
        <source>Set new password</source>
        <translation>Attribuer le nouveau mot de passe</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>Désactiver</translation>
    </message>
    <message>
        <source>The name as it should appear on records</source>
        <translation>Le nom tel qu’il doit figurer aux dossiers</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Renommer</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>New name</source>
        <translation>Nouveau nom</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>Add a staff member</source>
        <translation>Ajouter un membre du personnel</translation>
    </message>
    <message>
        <source>They can sign in with it, then change it</source>
        <translation>La personne se connecte avec celui-ci, puis le change</translation>
    </message>
    <message>
        <source>Add staff member</source>
        <translation>Ajouter le membre du personnel</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Nom complet</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nom d’utilisateur</translation>
    </message>
    <message>
        <source>First password</source>
        <translation>Premier mot de passe</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>Réactiver</translation>
    </message>
    <message>
        <source>{name} added as {role}.</source>
        <translation>{name} ajouté(e)&#xa0;: {role}.</translation>
    </message>
    <message>
        <source>{name} is now {role}.</source>
        <translation>Nouveau rôle de {name}&#xa0;: {role}.</translation>
    </message>
    <message>
        <source>New password set for {full_name}. Tell them in person; they choose their own at their next sign-in.</source>
        <translation>Nouveau mot de passe attribué à {full_name}. Dites-le-lui en personne&#x202f;; la personne choisira le sien à sa prochaine connexion.</translation>
    </message>
    <message>
        <source>“{old}” is now “{full_name}”.</source>
        <translation>« {old} » s’appelle maintenant « {full_name} ».</translation>
    </message>
    <message>
        <source>{name} will see the window in {language} at their next sign-in.</source>
        <translation>{name} verra la fenêtre dans cette langue à sa prochaine connexion&#xa0;: {language}.</translation>
    </message>
    <message>
        <source>{name} is active again.</source>
        <translation>Le compte de {name} est de nouveau actif.</translation>
    </message>
    <message>
        <source>{name} is deactivated.</source>
        <translation>Le compte de {name} est désactivé.</translation>
    </message>
</context>
<context>
    <name>StaffTableModel</name>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nom d’utilisateur</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>désactivé</translation>
    </message>
    <message>
        <source>active · locked after wrong passwords</source>
        <translation>actif · verrouillé après des mots de passe erronés</translation>
    </message>
    <message>
        <source>active</source>
        <translation>actif</translation>
    </message>
    <message>
        <source>computer&apos;s</source>
        <translation>celle de l’ordinateur</translation>
    </message>
</context>
<context>
    <name>TodayModel</name>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Treatment</source>
        <translation>Traitement</translation>
    </message>
    <message>
        <source>Practitioner</source>
        <translation>Praticien</translation>
    </message>
    <message>
        <source>Sheet printed</source>
        <translation>Fiche imprimée</translation>
    </message>
    <message numerus="yes">
        <source>Aftercare sheet issued %n time(s)</source>
        <translation>
            <numerusform>Fiche de soins remise %n fois</numerusform>
            <numerusform>Fiche de soins remise %n fois</numerusform>
        </translation>
    </message>
    <message>
        <source>No aftercare sheet printed or saved yet</source>
        <translation>Aucune fiche de soins imprimée ni enregistrée pour l’instant</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>Today</source>
        <translation>Aujourd’hui</translation>
    </message>
    <message>
        <source>Filter by patient, treatment or practitioner…</source>
        <translation>Filtrer par patient, traitement ou praticien…</translation>
    </message>
    <message>
        <source>Enter goes to the first line shown</source>
        <translation>Entrée ouvre la première ligne affichée</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filtrer</translation>
    </message>
    <message>
        <source>No treatment sessions recorded on this day.</source>
        <translation>Aucune séance de traitement consignée ce jour-là.</translation>
    </message>
    <message>
        <source>New patient…</source>
        <translation>Nouveau patient…</translation>
    </message>
    <message>
        <source>Record treatment session…</source>
        <translation>Nouvelle séance…</translation>
    </message>
    <message>
        <source>Print aftercare…</source>
        <translation>Imprimer la fiche…</translation>
    </message>
    <message>
        <source>Print all unprinted…</source>
        <translation>Imprimer les manquantes…</translation>
    </message>
    <message>
        <source>Save a sheet for every treatment session of the day without one, into a folder you choose</source>
        <translation>Enregistrer une fiche de soins pour chaque séance de traitement du jour qui n’en a pas, dans un dossier de votre choix</translation>
    </message>
    <message>
        <source>&amp;Day:</source>
        <translation>&amp;Jour&#xa0;:</translation>
    </message>
    <message numerus="yes">
        <source>%n treatment session(s), {unprinted} without a sheet</source>
        <translation>
            <numerusform>%n séance de traitement, {unprinted} sans fiche</numerusform>
            <numerusform>%n séances de traitement, {unprinted} sans fiche</numerusform>
        </translation>
    </message>
    <message>
        <source>Patient {name} added.</source>
        <translation>Patient {name} ajouté.</translation>
    </message>
    <message>
        <source>Treatment session recorded.</source>
        <translation>Séance de traitement consignée.</translation>
    </message>
    <message>
        <source>Aftercare sheet</source>
        <translation>Fiche de soins</translation>
    </message>
    <message>
        <source>Save the unprinted aftercare sheets in…</source>
        <translation>Enregistrer les fiches de soins non imprimées dans…</translation>
    </message>
    <message>
        <source>Saving aftercare sheets…</source>
        <translation>Enregistrement des fiches de soins…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Print all unprinted</source>
        <translation>Imprimer toutes les fiches manquantes</translation>
    </message>
    <message>
        <source>Saved {done} of {total}: {name}</source>
        <translation>{done} sur {total} enregistrées&#xa0;: {name}</translation>
    </message>
    <message numerus="yes">
        <source>%n aftercare sheet(s) saved in {folder} (stopped)</source>
        <translation>
            <numerusform>%n fiche de soins enregistrée dans {folder} (arrêté)</numerusform>
            <numerusform>%n fiches de soins enregistrées dans {folder} (arrêté)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n aftercare sheet(s) saved in {folder}</source>
        <translation>
            <numerusform>%n fiche de soins enregistrée dans {folder}</numerusform>
            <numerusform>%n fiches de soins enregistrées dans {folder}</numerusform>
        </translation>
    </message>
    <message>
        <source>{summary}.</source>
        <translation>{summary}.</translation>
    </message>
    <message>
        <source>The sheets could not be written: {reason}.</source>
        <translation>Les fiches n’ont pas pu être écrites&#xa0;: {reason}.</translation>
    </message>
    <message>
        <source>An unexpected error stopped the job; the details are in the log file.</source>
        <translation>Une erreur inattendue a arrêté la tâche&#x202f;; les détails sont dans le journal.</translation>
    </message>
</context>
<context>
    <name>TreatmentSessionCorrectionDialog</name>
    <message>
        <source>Correct treatment session</source>
        <translation>Corriger la séance de traitement</translation>
    </message>
    <message>
        <source>Local time in the clinic&apos;s time zone ({key}).</source>
        <translation>Heure locale du fuseau horaire de la clinique ({key}).</translation>
    </message>
    <message>
        <source>{column}, row {row}</source>
        <translation>{column}, ligne {row}</translation>
    </message>
    <message>
        <source>e.g. batch number misread from the box</source>
        <translation>p. ex. numéro de lot mal lu sur la boîte</translation>
    </message>
    <message>
        <source>&amp;Treatment</source>
        <translation>&amp;Traitement</translation>
    </message>
    <message>
        <source>P&amp;ractitioner</source>
        <translation>P&amp;raticien</translation>
    </message>
    <message>
        <source>&amp;Date and time</source>
        <translation>&amp;Date et heure</translation>
    </message>
    <message>
        <source>A&amp;reas</source>
        <translation>Z&amp;ones</translation>
    </message>
    <message>
        <source>&amp;Notes</source>
        <translation>&amp;Notes</translation>
    </message>
    <message>
        <source>Reason for the &amp;correction</source>
        <translation>Motif de la &amp;correction</translation>
    </message>
    <message>
        <source>The old values stay in the patient&apos;s history with your name and the reason. Aftercare sheets already handed out are kept as they were.</source>
        <translation>Les anciennes valeurs restent dans l’historique du patient avec votre nom et le motif. Les fiches de soins déjà remises sont conservées telles quelles.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Products used&lt;/b&gt;</source>
        <translation>&lt;b&gt;Produits utilisés&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>TreatmentSessionDialog</name>
    <message>
        <source>Product</source>
        <extracomment>The patient-alert banner (allergies, conditions): white on red, large enough to be seen at once.</extracomment>
        <translation>Produit</translation>
    </message>
    <message>
        <source>Batch number</source>
        <translation>Numéro de lot</translation>
    </message>
    <message>
        <source>Expiry date</source>
        <translation>Date d’expiration</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantité</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unité</translation>
    </message>
    <message>
        <source>{name}  ·  born {date}</source>
        <translation>{name}  ·  né(e) le {date}</translation>
    </message>
    <message>
        <source>Record treatment session</source>
        <translation>Consigner une séance de traitement</translation>
    </message>
    <message>
        <source>Choose the treatment</source>
        <translation>Choisissez le traitement</translation>
    </message>
    <message>
        <source>Choose the practitioner</source>
        <translation>Choisissez le praticien</translation>
    </message>
    <message>
        <source>Local time in the clinic&apos;s time zone ({key}).</source>
        <translation>Heure locale du fuseau horaire de la clinique ({key}).</translation>
    </message>
    <message>
        <source>e.g. full face, neck</source>
        <translation>p. ex. visage complet, cou</translation>
    </message>
    <message>
        <source>Add product</source>
        <translation>Ajouter un produit</translation>
    </message>
    <message>
        <source>Remove product</source>
        <translation>Retirer le produit</translation>
    </message>
    <message>
        <source>P&amp;atient</source>
        <translation>P&amp;atient</translation>
    </message>
    <message>
        <source>&amp;Treatment</source>
        <translation>&amp;Traitement</translation>
    </message>
    <message>
        <source>P&amp;ractitioner</source>
        <translation>P&amp;raticien</translation>
    </message>
    <message>
        <source>&amp;Date and time</source>
        <translation>&amp;Date et heure</translation>
    </message>
    <message>
        <source>A&amp;reas</source>
        <translation>Z&amp;ones</translation>
    </message>
    <message>
        <source>&amp;Notes</source>
        <translation>&amp;Notes</translation>
    </message>
    <message>
        <source>&lt;b&gt;Products used&lt;/b&gt; (batch number as printed on the box, or scan the box&apos;s barcode into the batch field)</source>
        <translation>&lt;b&gt;Produits utilisés&lt;/b&gt; (numéro de lot tel qu’imprimé sur la boîte, ou balayez le code-barres de la boîte dans le champ du lot)</translation>
    </message>
    <message>
        <source>⚠ {text}</source>
        <translation>⚠ {text}</translation>
    </message>
    <message>
        <source>Product name</source>
        <translation>Nom du produit</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>Lot</translation>
    </message>
    <message>
        <source>Product {number}: {problem}</source>
        <translation>Produit {number}&#xa0;: {problem}</translation>
    </message>
</context>
<context>
    <name>WaitEdit</name>
    <message>
        <source>e.g. 5 days, 36 h or 1 day 12 h</source>
        <translation>p. ex. 5 jours, 36 h ou 1 jour 12 h</translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n heure</numerusform>
            <numerusform>%n heures</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n jour</numerusform>
            <numerusform>%n jours</numerusform>
        </translation>
    </message>
    <message>
        <source>{days} {hours} h</source>
        <translation>{days} {hours} h</translation>
    </message>
    <message>
        <source>{wait} ({hours} h)</source>
        <translation>{wait} ({hours} h)</translation>
    </message>
    <message>
        <source>{hours} hours ({days})</source>
        <translation>{hours} heures ({days})</translation>
    </message>
    <message>
        <source>The protocol&apos;s minimum is {minimum}: a wait can be lengthened, not shortened.</source>
        <translation>Le minimum du protocole est de {minimum}&#xa0;: un délai peut être allongé, pas raccourci.</translation>
    </message>
    <message>
        <source>The longest wait that can be set here is {maximum}.</source>
        <translation>Le délai le plus long qu’on peut fixer ici est de {maximum}.</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <source>Not possible</source>
        <translation>Impossible</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Un problème est survenu</translation>
    </message>
    <message>
        <source>Clinic Desktop ran into a problem it did not expect. What you saved before this is safe; the last action may not have been completed — please check it.

The details were written to the log file:
{path}

If it happens again, send that file to your support contact.</source>
        <translation>Clinic Desktop a rencontré un problème imprévu. Ce que vous avez enregistré auparavant est en sécurité&#x202f;; la dernière action n’a peut-être pas été effectuée — vérifiez-la.

Les détails ont été écrits dans le journal&#xa0;:
{path}

Si cela se reproduit, envoyez ce fichier à votre personne-ressource de soutien.</translation>
    </message>
</context>
<context>
    <name>hooks</name>
    <message>
        <source>Patient file…</source>
        <translation>Dossier du patient…</translation>
    </message>
    <message>
        <source>Patient file for insurer / regulator (one PDF)</source>
        <translation>Dossier du patient pour l’assureur ou l’organisme de réglementation (un PDF)</translation>
    </message>
    <message>
        <source>Patient &amp;file for insurer / regulator…</source>
        <translation>&amp;Dossier du patient pour l’assureur ou l’organisme de réglementation…</translation>
    </message>
    <message>
        <source>Patient file</source>
        <translation>Dossier du patient</translation>
    </message>
    <message>
        <source>Managers and administrators make patient files.</source>
        <translation>Les gestionnaires et les administrateurs créent les dossiers des patients.</translation>
    </message>
    <message>
        <source>Choose a patient on the Patients page first.</source>
        <translation>Choisissez d’abord un patient dans la page Patients.</translation>
    </message>
</context>
<context>
    <name>i18n</name>
    <message>
        <source>Computer&apos;s language ({language})</source>
        <extracomment>the languages the window speaks, as stored in StaffMember.ui_language the territory used when the computer&apos;s locale is in another language (Canada first: Quebec&apos;s clinics)</extracomment>
        <translation>Langue de l’ordinateur ({language})</translation>
    </message>
</context>
<context>
    <name>staff_admin</name>
    <message>
        <source>Staff accounts</source>
        <translation>Comptes du personnel</translation>
    </message>
</context>
</TS>
