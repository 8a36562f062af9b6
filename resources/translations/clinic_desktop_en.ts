<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
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
</TS>
