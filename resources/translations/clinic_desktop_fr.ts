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
        <translation>Photos</translation>
    </message>
    <message>
        <source>Add photos…</source>
        <translation>Ajouter des photos…</translation>
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
        <translation>Consentement aux photos…</translation>
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
        <translation>&lt;b&gt;Photos&lt;/b&gt; ({count})</translation>
    </message>
    <message>
        <source>&lt;b&gt;Photos&lt;/b&gt; — none yet</source>
        <translation>&lt;b&gt;Photos&lt;/b&gt; — aucune pour l’instant</translation>
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
    <name>Role</name>
    <message>
        <source>Receptionist</source>
        <extracomment>the roles&apos; names in English; shown through :func:`role_label`, which translates them</extracomment>
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
