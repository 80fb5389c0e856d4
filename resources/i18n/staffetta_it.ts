<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="it_IT">
<context>
    <name>BodyEditor</name>
    <message>
        <source>HTML</source>
        <translation>HTML</translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>Markdown is sent in a ready-made layout that reads well on phones</source>
        <translation>Il Markdown viene inviato in un modello già pronto, leggibile anche sul telefono</translation>
    </message>
    <message>
        <source>Leave empty to make the text part from the HTML or Markdown.</source>
        <translation>Lascia vuoto per ricavare la parte di testo dall&apos;HTML o dal Markdown.</translation>
    </message>
    <message>
        <source>CSS rules here (and &lt;style&gt; blocks in the body) are copied into each element&apos;s style attribute when the mail is sent.</source>
        <translation>Le regole CSS scritte qui (e i blocchi &lt;style&gt; nel corpo) vengono copiate nell&apos;attributo style di ogni elemento quando la mail viene inviata.</translation>
    </message>
    <message>
        <source>Plain text</source>
        <translation>Testo semplice</translation>
    </message>
    <message>
        <source>CSS</source>
        <translation>CSS</translation>
    </message>
    <message>
        <source>Wrap lines</source>
        <translation>A capo automatico</translation>
    </message>
    <message>
        <source>Insert image…</source>
        <translation>Inserisci immagine…</translation>
    </message>
    <message>
        <source>Embed a picture from this computer in every message</source>
        <translation>Incorpora in ogni messaggio un&apos;immagine di questo computer</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>Sostituisci</translation>
    </message>
    <message>
        <source>Body written in</source>
        <translation>Corpo scritto in</translation>
    </message>
    <message>
        <source>Insert image</source>
        <translation>Inserisci immagine</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.gif *.webp *.svg)</source>
        <translation>Immagini (*.png *.jpg *.jpeg *.gif *.webp *.svg)</translation>
    </message>
    <message>
        <source>{{ %1 }} is not a column of this list: did you mean {{ %2 }}?</source>
        <translation>{{ %1 }} non è una colonna di questa lista: intendevi {{ %2 }}?</translation>
    </message>
    <message>
        <source>{{ %1 }} is not a column of this list.</source>
        <translation>{{ %1 }} non è una colonna di questa lista.</translation>
    </message>
</context>
<context>
    <name>MailPreview</name>
    <message>
        <source>Desktop</source>
        <translation>Computer</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefono</translation>
    </message>
    <message>
        <source>Show the mail as wide as this pane</source>
        <translation>Mostra la mail larga quanto questo riquadro</translation>
    </message>
    <message>
        <source>Show the mail at a phone&apos;s width ({0} pixels)</source>
        <translation>Mostra la mail alla larghezza di un telefono ({0} pixel)</translation>
    </message>
</context>
</TS>
