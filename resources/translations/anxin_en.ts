<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>EldersScreen</name>
    <message numerus="yes">
        <source>%n elder(s)</source>
        <translation>
            <numerusform>%n elder</numerusform>
            <numerusform>%n elders</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FieldErrors</name>
    <message numerus="yes">
        <source>Not saved: %n problem(s) to correct. Nothing you typed was lost.</source>
        <translation>
            <numerusform>Not saved: %n problem to correct. Nothing you typed was lost.</numerusform>
            <numerusform>Not saved: %n problems to correct. Nothing you typed was lost.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FirmDetailView</name>
    <message numerus="yes">
        <source>ends in %n day(s)</source>
        <translation>
            <numerusform>ends in %n day</numerusform>
            <numerusform>ends in %n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FirmsScreen</name>
    <message numerus="yes">
        <source>%n firm(s)</source>
        <translation>
            <numerusform>%n firm</numerusform>
            <numerusform>%n firms</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrdersScreen</name>
    <message numerus="yes">
        <source>%n order(s)</source>
        <translation>
            <numerusform>%n order</numerusform>
            <numerusform>%n orders</numerusform>
        </translation>
    </message>
</context>
</TS>
