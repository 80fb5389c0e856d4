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
    <name>CrashReporter</name>
    <message>
        <source>Staffetta hit a bug</source>
        <translation>Staffetta ha incontrato un errore interno</translation>
    </message>
    <message>
        <source>Something went wrong inside Staffetta. Your data is safe.</source>
        <translation>Qualcosa è andato storto dentro Staffetta. I tuoi dati sono al sicuro.</translation>
    </message>
    <message>
        <source>The details are in the log file:
%1

Please send that file to the developers.</source>
        <translation>I dettagli sono nel file di log:
%1

Invia quel file agli sviluppatori.</translation>
    </message>
</context>
<context>
    <name>InboxPage</name>
    <message>
        <source>Received (UTC)</source>
        <translation>Ricevuto (UTC)</translation>
    </message>
    <message>
        <source>To</source>
        <translation>A</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Oggetto</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Dimensione</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Messaggio</translation>
    </message>
    <message>
        <source>Plain text</source>
        <translation>Testo semplice</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>Intestazioni</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Sorgente</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Elimina</translation>
    </message>
    <message>
        <source>Clear all…</source>
        <translation>Svuota tutto…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aggiorna</translation>
    </message>
    <message>
        <source>Checks and links:</source>
        <translation>Controlli e link:</translation>
    </message>
    <message>
        <source>Test inbox</source>
        <translation>Casella di prova</translation>
    </message>
    <message>
        <source>Mail sent through the “Built-in test inbox” profile lands here, on this computer only: nothing reaches real people.</source>
        <translation>La posta inviata con il profilo “Built-in test inbox” arriva qui, solo su questo computer: nulla raggiunge persone reali.</translation>
    </message>
    <message>
        <source>%1 %2 message(s).</source>
        <translation>%1 %2 messaggi.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;From %2 to %3 · %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Da %2 a %3 · %4</translation>
    </message>
    <message>
        <source>Clear the test inbox</source>
        <translation>Svuota la casella di prova</translation>
    </message>
    <message>
        <source>Delete every caught message?</source>
        <translation>Eliminare tutti i messaggi ricevuti?</translation>
    </message>
</context>
<context>
    <name>LanguageBox</name>
    <message>
        <source>Language</source>
        <translation>Lingua</translation>
    </message>
    <message>
        <source>Follow the computer (%1)</source>
        <translation>Come il computer (%1)</translation>
    </message>
    <message>
        <source>The language of the window; numbers and dates follow it</source>
        <translation>La lingua della finestra; numeri e date la seguono</translation>
    </message>
    <message>
        <source>Window language</source>
        <translation>Lingua della finestra</translation>
    </message>
    <message>
        <source>Staffetta will speak %1 the next time it starts.</source>
        <translation>Staffetta parlerà %1 al prossimo avvio.</translation>
    </message>
    <message>
        <source>STAFFETTA_LANG is set, so it decides the language.</source>
        <translation>STAFFETTA_LANG è impostata, quindi decide lei la lingua.</translation>
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
<context>
    <name>RecipientFileDialog</name>
    <message>
        <source>A file for each recipient</source>
        <translation>Un file per ogni destinatario</translation>
    </message>
    <message>
        <source>The folder holding the files</source>
        <translation>La cartella che contiene i file</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Sfoglia…</translation>
    </message>
    <message>
        <source>Each recipient gets the file whose name their values make, e.g. invoice-{{ customer_id }}.pdf</source>
        <translation>Ogni destinatario riceve il file il cui nome è composto dai suoi valori, per esempio fattura-{{ customer_id }}.pdf</translation>
    </message>
    <message>
        <source>Insert</source>
        <translation>Inserisci</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Cartella</translation>
    </message>
    <message>
        <source>File name</source>
        <translation>Nome del file</translation>
    </message>
    <message>
        <source>Variables</source>
        <translation>Variabili</translation>
    </message>
    <message>
        <source>Every message gets its own file, such as an invoice. Before anything is sent, the pre-flight check lists every recipient whose file is missing.</source>
        <translation>Ogni messaggio riceve il proprio file, per esempio una fattura. Prima di inviare qualsiasi cosa, il controllo preliminare elenca ogni destinatario il cui file manca.</translation>
    </message>
    <message>
        <source>Folder of the files</source>
        <translation>Cartella dei file</translation>
    </message>
    <message>
        <source>Choose the folder and write the file name.</source>
        <translation>Scegli la cartella e scrivi il nome del file.</translation>
    </message>
    <message>
        <source>Put at least one {{ variable }} in the name, or use Add… for a file everyone gets.</source>
        <translation>Metti almeno una {{ variabile }} nel nome, oppure usa Aggiungi… per un file che ricevono tutti.</translation>
    </message>
    <message>
        <source>The list has no contacts to try the name on.</source>
        <translation>La lista non ha contatti su cui provare il nome.</translation>
    </message>
    <message>
        <source>✓ %1: %2 (%3 KB)</source>
        <translation>✓ %1: %2 (%3 KB)</translation>
    </message>
    <message>
        <source>✗ %1: %2</source>
        <translation>✗ %1: %2</translation>
    </message>
</context>
</TS>
