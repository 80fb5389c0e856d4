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
        <source>(no subject)</source>
        <translation>(senza oggetto)</translation>
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
<context>
    <name>core</name>
    <message>
        <source>The subject is empty.</source>
        <translation>L&apos;oggetto è vuoto.</translation>
    </message>
    <message>
        <source>No visible unsubscribe link: add &lt;a href=&quot;{{ unsubscribe_url }}&quot;&gt;Unsubscribe&lt;/a&gt;.</source>
        <translation>Nessun link di disiscrizione visibile: aggiungi &lt;a href=&quot;{{ unsubscribe_url }}&quot;&gt;Annulla l&apos;iscrizione&lt;/a&gt;.</translation>
    </message>
    <message>
        <source>No text part: one is made from the %1 (see the Text tab).</source>
        <translation>Nessuna parte di testo: viene ricavata da %1 (vedi la scheda Testo).</translation>
    </message>
    <message>
        <source>No text part: one is derived from the HTML (see the Text tab).</source>
        <translation>Nessuna parte di testo: viene ricavata dall&apos;HTML (vedi la scheda Testo).</translation>
    </message>
    <message>
        <source>The message is %1 KB; Gmail clips messages over 102 KB.</source>
        <translation>Il messaggio è di %1 KB; Gmail taglia i messaggi oltre 102 KB.</translation>
    </message>
    <message>
        <source>The HTML is %1 KB with its styles inlined; Gmail clips messages whose HTML is over 102 KB.</source>
        <translation>L&apos;HTML è di %1 KB con gli stili incorporati; Gmail taglia i messaggi il cui HTML supera 102 KB.</translation>
    </message>
    <message>
        <source>%1 in the %2 is not defined for %3.</source>
        <translation>%1 non è definita (%2) per %3.</translation>
    </message>
    <message>
        <source>%1 in the %2 is not defined.</source>
        <translation>%1 non è definita (%2).</translation>
    </message>
    <message>
        <source>Did you mean %1?</source>
        <translation>Intendevi %1?</translation>
    </message>
    <message>
        <source>Use one of the list&apos;s columns, or give it a default: %1.</source>
        <translation>Usa una delle colonne della lista, o dalle un valore predefinito: %1.</translation>
    </message>
    <message>
        <source>Line %1 of the %2: %3.</source>
        <translation>Riga %1 (%2): %3.</translation>
    </message>
    <message>
        <source>Check the {{ }} and {% %} tags on that line.</source>
        <translation>Controlla i tag {{ }} e {% %} su quella riga.</translation>
    </message>
    <message>
        <source>The image %1 does not exist (looked for %2).</source>
        <translation>L&apos;immagine %1 non esiste (cercata in %2).</translation>
    </message>
    <message>
        <source>Put the file there or correct its name in the template.</source>
        <translation>Metti lì il file o correggine il nome nel modello.</translation>
    </message>
    <message>
        <source>The image %1 is %2 MB and goes in every message: make it smaller (under 200 KB is usual for mail).</source>
        <translation>L&apos;immagine %1 pesa %2 MB e finisce in ogni messaggio: riducila (per la posta di solito si sta sotto i 200 KB).</translation>
    </message>
    <message>
        <source>The attachment %1 does not exist.</source>
        <translation>L&apos;allegato %1 non esiste.</translation>
    </message>
    <message>
        <source>No text part was written; Staffetta derives one from the %1. Check it in the preview.</source>
        <translation>Non è stata scritta una parte di testo; Staffetta la ricava da %1. Controllala nell&apos;anteprima.</translation>
    </message>
    <message>
        <source>No unsubscribe URL is set, so one-click unsubscribe (RFC 8058) is off; bulk mail to Gmail and Yahoo needs it.</source>
        <translation>Non è impostato un URL di disiscrizione, quindi la disiscrizione con un clic (RFC 8058) è disattivata; gli invii massivi verso Gmail e Yahoo la richiedono.</translation>
    </message>
    <message>
        <source>%1 message(s) have no visible unsubscribe link: add &lt;a href=&quot;{{ unsubscribe_url }}&quot;&gt;Unsubscribe&lt;/a&gt; (Gmail and Yahoo require one).</source>
        <translation>%1 messaggi non hanno un link di disiscrizione visibile: aggiungi &lt;a href=&quot;{{ unsubscribe_url }}&quot;&gt;Annulla l&apos;iscrizione&lt;/a&gt; (Gmail e Yahoo lo richiedono).</translation>
    </message>
    <message>
        <source>%1 recipient(s) would get an empty subject.</source>
        <translation>%1 destinatari riceverebbero un oggetto vuoto.</translation>
    </message>
    <message>
        <source>Nobody in this audience can receive the campaign.</source>
        <translation>Nessuno in questo pubblico può ricevere la campagna.</translation>
    </message>
    <message>
        <source>Nobody on this list can receive the campaign.</source>
        <translation>Nessuno in questa lista può ricevere la campagna.</translation>
    </message>
    <message>
        <source>The largest message&apos;s HTML is %1 KB with its styles inlined; Gmail clips messages whose HTML is over 102 KB.</source>
        <translation>L&apos;HTML del messaggio più grande è di %1 KB con gli stili incorporati; Gmail taglia i messaggi il cui HTML supera 102 KB.</translation>
    </message>
    <message>
        <source>List-Unsubscribe header present</source>
        <translation>Intestazione List-Unsubscribe presente</translation>
    </message>
    <message>
        <source>No List-Unsubscribe header</source>
        <translation>Nessuna intestazione List-Unsubscribe</translation>
    </message>
    <message>
        <source>One-click unsubscribe (List-Unsubscribe-Post, RFC 8058)</source>
        <translation>Disiscrizione con un clic (List-Unsubscribe-Post, RFC 8058)</translation>
    </message>
    <message>
        <source>No one-click unsubscribe (needs List-Unsubscribe-Post and an https link)</source>
        <translation>Nessuna disiscrizione con un clic (servono List-Unsubscribe-Post e un link https)</translation>
    </message>
    <message>
        <source>%1 is %2 KB: Gmail clips it (limit 102 KB)</source>
        <translation>%1 è di %2 KB: Gmail lo taglia (limite 102 KB)</translation>
    </message>
    <message>
        <source>%1 is %2 KB, under Gmail&apos;s 102 KB clipping</source>
        <translation>%1 è di %2 KB, sotto il limite di 102 KB di Gmail</translation>
    </message>
    <message>
        <source>Has a plain-text part</source>
        <translation>Ha una parte di testo semplice</translation>
    </message>
    <message>
        <source>No plain-text part</source>
        <translation>Nessuna parte di testo semplice</translation>
    </message>
    <message>
        <source>Unsubscribe link in the body</source>
        <translation>Link di disiscrizione nel corpo</translation>
    </message>
    <message>
        <source>No unsubscribe link in the body</source>
        <translation>Nessun link di disiscrizione nel corpo</translation>
    </message>
    <message>
        <source>The template needs a name.</source>
        <translation>Il modello ha bisogno di un nome.</translation>
    </message>
    <message>
        <source>The template has no body.</source>
        <translation>Il modello non ha un corpo.</translation>
    </message>
    <message>
        <source>Write some Markdown, HTML or text.</source>
        <translation>Scrivi del Markdown, dell&apos;HTML o del testo.</translation>
    </message>
    <message>
        <source>A template named %1 already exists.</source>
        <translation>Esiste già un modello chiamato %1.</translation>
    </message>
    <message>
        <source>Another template is already named %1.</source>
        <translation>Un altro modello si chiama già %1.</translation>
    </message>
    <message>
        <source>Choose a different name; nothing was saved.</source>
        <translation>Scegli un nome diverso; non è stato salvato nulla.</translation>
    </message>
    <message>
        <source>Choose another name.</source>
        <translation>Scegli un altro nome.</translation>
    </message>
    <message>
        <source>The campaign needs a name.</source>
        <translation>La campagna ha bisogno di un nome.</translation>
    </message>
    <message>
        <source>The unsubscribe URL must start with https://.</source>
        <translation>L&apos;URL di disiscrizione deve iniziare con https://.</translation>
    </message>
    <message>
        <source>The sender %1 has no valid address.</source>
        <translation>Il mittente %1 non ha un indirizzo valido.</translation>
    </message>
    <message>
        <source>Write it as &quot;Your Name &lt;you@example.com&gt;&quot;.</source>
        <translation>Scrivilo come &quot;Il tuo nome &lt;tu@example.com&gt;&quot;.</translation>
    </message>
    <message>
        <source>Fix the template (or the contacts) and start again.</source>
        <translation>Correggi il modello (o i contatti) e avvia di nuovo.</translation>
    </message>
    <message>
        <source>subject</source>
        <translation>oggetto</translation>
    </message>
    <message>
        <source>text</source>
        <translation>testo</translation>
    </message>
    <message>
        <source>unsubscribe URL</source>
        <translation>URL di disiscrizione</translation>
    </message>
    <message>
        <source>attachment path</source>
        <translation>percorso dell&apos;allegato</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Il messaggio</translation>
    </message>
</context>
</TS>
