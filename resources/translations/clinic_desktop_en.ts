<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AuditViewerDialog</name>
    <message numerus="yes">
        <source>✔ The audit trail is intact: %n entries checked, none changed. {anchors}</source>
        <translation>
            <numerusform>✔ The audit trail is intact: %n entry checked, none changed. {anchors}</numerusform>
            <numerusform>✔ The audit trail is intact: %n entries checked, none changed. {anchors}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation>
            <numerusform>%n entry</numerusform>
            <numerusform>%n entries</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message numerus="yes">
        <source>%n photo(s) taken.</source>
        <translation>
            <numerusform>%n photo taken.</numerusform>
            <numerusform>%n photos taken.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FollowUpDialog</name>
    <message numerus="yes">
        <source>{kind}, due {date} — {state} (%n attempt(s) so far)</source>
        <translation>
            <numerusform>{kind}, due {date} — {state} (%n attempt so far)</numerusform>
            <numerusform>{kind}, due {date} — {state} (%n attempts so far)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n complication(s) recorded&lt;/b&gt; for this patient: the details are for clinical staff, so pass the call to a practitioner.</source>
        <translation>
            <numerusform>&lt;b&gt;%n complication recorded&lt;/b&gt; for this patient: the details are for clinical staff, so pass the call to a practitioner.</numerusform>
            <numerusform>&lt;b&gt;%n complications recorded&lt;/b&gt; for this patient: the details are for clinical staff, so pass the call to a practitioner.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FollowUpTableModel</name>
    <message numerus="yes">
        <source>%n day(s) overdue</source>
        <translation>
            <numerusform>%n day overdue</numerusform>
            <numerusform>%n days overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>In %n day(s)</source>
        <translation>
            <numerusform>In %n day</numerusform>
            <numerusform>In %n days</numerusform>
        </translation>
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
            <numerusform>Not reached %n time</numerusform>
            <numerusform>Not reached %n times</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FollowUpsPage</name>
    <message numerus="yes">
        <source>Upcoming (%n day(s))</source>
        <translation>
            <numerusform>Upcoming (%n day)</numerusform>
            <numerusform>Upcoming (%n days)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) overdue</source>
        <translation>
            <numerusform>%n day overdue</numerusform>
            <numerusform>%n days overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>In %n day(s)</source>
        <translation>
            <numerusform>In %n day</numerusform>
            <numerusform>In %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n overdue</source>
        <translation>
            <numerusform>%n overdue</numerusform>
            <numerusform>%n overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n due today</source>
        <translation>
            <numerusform>%n due today</numerusform>
            <numerusform>%n due today</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n upcoming</source>
        <translation>
            <numerusform>%n upcoming</numerusform>
            <numerusform>%n upcoming</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PatientFileDialog</name>
    <message numerus="yes">
        <source>%n NOT identical (see the last page)</source>
        <translation>
            <numerusform>%n NOT identical (see the last page)</numerusform>
            <numerusform>%n NOT identical (see the last page)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PatientsPage</name>
    <message numerus="yes">
        <source>%n found</source>
        <translation>
            <numerusform>%n found</numerusform>
            <numerusform>%n found</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>More than %n found; keep typing to narrow</source>
        <translation>
            <numerusform>More than %n found; keep typing to narrow</numerusform>
            <numerusform>More than %n found; keep typing to narrow</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PhotoConsentDialog</name>
    <message numerus="yes">
        <source>The patient withdraws consent to photographs for the record.

Delete the images of their %n stored photo(s) as well? This cannot be undone (the record keeps that they existed).
No keeps the photos taken so far.</source>
        <translation>
            <numerusform>The patient withdraws consent to photographs for the record.

Delete the image of their %n stored photo as well? This cannot be undone (the record keeps that it existed).
No keeps the photo taken so far.</numerusform>
            <numerusform>The patient withdraws consent to photographs for the record.

Delete the images of their %n stored photos as well? This cannot be undone (the record keeps that they existed).
No keeps the photos taken so far.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message numerus="yes">
        <source>%n photo(s) added.</source>
        <translation>
            <numerusform>%n photo added.</numerusform>
            <numerusform>%n photos added.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProductsDialog</name>
    <message numerus="yes">
        <source>%n use(s)</source>
        <translation>
            <numerusform>%n use</numerusform>
            <numerusform>%n uses</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProtocolApprovalDialog</name>
    <message numerus="yes">
        <source>Protocol checks (%n to look at)</source>
        <translation>
            <numerusform>Protocol checks (%n to look at)</numerusform>
            <numerusform>Protocol checks (%n to look at)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecallDialog</name>
    <message numerus="yes">
        <source>&lt;b&gt;%n&lt;/b&gt; product use(s)</source>
        <translation>
            <numerusform>&lt;b&gt;%n&lt;/b&gt; product use</numerusform>
            <numerusform>&lt;b&gt;%n&lt;/b&gt; product uses</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n&lt;/b&gt; patient(s)</source>
        <translation>
            <numerusform>&lt;b&gt;%n&lt;/b&gt; patient</numerusform>
            <numerusform>&lt;b&gt;%n&lt;/b&gt; patients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) written to {path}.</source>
        <translation>
            <numerusform>%n row written to {path}.</numerusform>
            <numerusform>%n rows written to {path}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
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
            <numerusform>%Ln treatment session</numerusform>
            <numerusform>%Ln treatment sessions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TodayModel</name>
    <message numerus="yes">
        <source>Aftercare sheet issued %n time(s)</source>
        <translation>
            <numerusform>Aftercare sheet issued %n time</numerusform>
            <numerusform>Aftercare sheet issued %n times</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message numerus="yes">
        <source>%n treatment session(s), {unprinted} without a sheet</source>
        <translation>
            <numerusform>%n treatment session, {unprinted} without a sheet</numerusform>
            <numerusform>%n treatment sessions, {unprinted} without a sheet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n aftercare sheet(s) saved in {folder} (stopped)</source>
        <translation>
            <numerusform>%n aftercare sheet saved in {folder} (stopped)</numerusform>
            <numerusform>%n aftercare sheets saved in {folder} (stopped)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n aftercare sheet(s) saved in {folder}</source>
        <translation>
            <numerusform>%n aftercare sheet saved in {folder}</numerusform>
            <numerusform>%n aftercare sheets saved in {folder}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WaitEdit</name>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n hour</numerusform>
            <numerusform>%n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
</context>
</TS>
