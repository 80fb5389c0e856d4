<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="it_IT">
<context>
    <name>AudienceTimingBox</name>
    <message>
        <source>Audience and timing</source>
        <translation>Destinatari e tempi</translation>
    </message>
    <message>
        <source>always — or e.g. mon-fri 09:00-17:30; sat 10:00-13:00</source>
        <translation>sempre — oppure ad es. mon-fri 09:00-17:30; sat 10:00-13:00</translation>
    </message>
    <message>
        <source>Messages leave only inside these windows (days mon…sun, ranges mon-fri, lists sat,sun or daily; hours HH:MM-HH:MM). Separate several with “;”.</source>
        <translation>I messaggi partono solo dentro queste fasce (giorni mon…sun, intervalli mon-fri, elenchi sat,sun o daily; ore HH:MM-HH:MM). Separane più d’una con “;”.</translation>
    </message>
    <message>
        <source>In each recipient&apos;s own time zone, from their field</source>
        <translation>Nel fuso orario di ciascun destinatario, dal suo campo</translation>
    </message>
    <message>
        <source>The windows are read in the zone each contact&apos;s field names (e.g. Asia/Tokyo): 9:00 is 9:00 where they are. Contacts without a valid zone use the time zone above.</source>
        <translation>Le fasce valgono nel fuso indicato dal campo di ciascun contatto (ad es. Asia/Tokyo): le 9:00 sono le 9:00 dove si trova. I contatti senza un fuso valido usano il fuso orario qui sopra.</translation>
    </message>
    <message>
        <source>Skip contacts sent any campaign in the last</source>
        <translation>Salta i contatti che hanno ricevuto una campagna negli ultimi</translation>
    </message>
    <message>
        <source>3d, 12h, 1d12h, 90m or 2w: one message instead of three.</source>
        <translation>3d, 12h, 1d12h, 90m o 2w: un messaggio invece di tre.</translation>
    </message>
    <message>
        <source>Schedule…</source>
        <translation>Pianifica…</translation>
    </message>
    <message>
        <source>Check every recipient and queue the campaign now; it starts sending at the time you choose (the app or `send` must be running then).</source>
        <translation>Controlla ogni destinatario e mette subito la campagna in coda; l’invio comincia all’ora scelta (a quell’ora l’app o `send` devono essere in esecuzione).</translation>
    </message>
    <message>
        <source>Send to</source>
        <translation>Invia a</translation>
    </message>
    <message>
        <source>Leave out</source>
        <translation>Escludi</translation>
    </message>
    <message>
        <source>Send windows</source>
        <translation>Fasce di invio</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Fuso orario</translation>
    </message>
    <message>
        <source>Also send to</source>
        <translation>Invia anche a</translation>
    </message>
    <message>
        <source>Reschedule…</source>
        <translation>Riprogramma…</translation>
    </message>
</context>
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
    <name>CampaignStatus</name>
    <message>
        <source>Draft</source>
        <translation>Bozza</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Programmata</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>In invio</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>In pausa</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annullata</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Terminata</translation>
    </message>
</context>
<context>
    <name>CampaignTiming</name>
    <message>
        <source>%1 inside their window when it starts.</source>
        <translation>%1 nella propria fascia oraria alla partenza.</translation>
    </message>
    <message>
        <source>%1 inside their window now.</source>
        <translation>%1 nella propria fascia oraria adesso.</translation>
    </message>
    <message>
        <source>Next window opens for %1 at %2 their time — the first at %3 here (%4).</source>
        <translation>La prossima fascia si apre per %1 alle %2 ora locale — la prima alle %3 qui (%4).</translation>
    </message>
    <message>
        <source>%1 wait for their window: the first opens at %2 here (%3).</source>
        <translation>%1 attendono la propria fascia: la prima si apre alle %2 qui (%3).</translation>
    </message>
    <message>
        <source>The last opens %1.</source>
        <translation>L&apos;ultima si apre %1.</translation>
    </message>
    <message>
        <source>Nothing is left to send.</source>
        <translation>Non resta niente da inviare.</translation>
    </message>
    <message>
        <source>Scheduled for %1.</source>
        <translation>Programmata per %1.</translation>
    </message>
    <message>
        <source>Sends only %1 in each recipient&apos;s time zone (their %2; %3 for those without one).</source>
        <translation>Invia solo %1 nel fuso orario di ciascun destinatario (il loro %2; %3 per chi non ne ha uno).</translation>
    </message>
    <message>
        <source>Next send window opens %1 (%2).</source>
        <translation>La prossima fascia di invio si apre %1 (%2).</translation>
    </message>
    <message>
        <source>when it starts</source>
        <translation>alla partenza</translation>
    </message>
    <message>
        <source>now</source>
        <translation>adesso</translation>
    </message>
    <message>
        <source>Inside its send window %1 (%2), until %3.</source>
        <translation>Dentro la fascia di invio %1 (%2), fino a %3.</translation>
    </message>
    <message>
        <source>Sends only %1 (%2).</source>
        <translation>Invia solo %1 (%2).</translation>
    </message>
    <message>
        <source>Skips contacts mailed in the last %1.</source>
        <translation>Salta i contatti che hanno ricevuto posta negli ultimi %1.</translation>
    </message>
</context>
<context>
    <name>CampaignsPage</name>
    <message>
        <source>Sending</source>
        <translation>In invio</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annullati</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>In coda</translation>
    </message>
    <message>
        <source>Deferred</source>
        <translation>Rinviati</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Inviati</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Non recapitati</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Incerti</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Trattenuti</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>Campagna</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Stato</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Nuova</translation>
    </message>
    <message>
        <source>New campaign (Ctrl+N)</source>
        <translation>Nuova campagna (Ctrl+N)</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Duplica</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Elimina…</translation>
    </message>
    <message>
        <source>Delete the campaign (Delete)</source>
        <translation>Elimina la campagna (Canc)</translation>
    </message>
    <message>
        <source>Your Shop &lt;news@yourshop.example&gt;</source>
        <translation>Il tuo negozio &lt;news@iltuonegozio.example&gt;</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>facoltativo</translation>
    </message>
    <message>
        <source>https://yourshop.example/unsubscribe?e={{ email|urlencode }}</source>
        <translation>https://iltuonegozio.example/disiscrizione?e={{ email|urlencode }}</translation>
    </message>
    <message>
        <source>Enables one-click unsubscribe (required by Gmail and Yahoo for bulk mail).</source>
        <translation>Attiva la disiscrizione con un clic (richiesta da Gmail e Yahoo per gli invii massivi).</translation>
    </message>
    <message>
        <source>optional: unsubscribe@yourshop.example</source>
        <translation>facoltativo: disiscrizione@iltuonegozio.example</translation>
    </message>
    <message>
        <source>Where unsubscribe requests by email go (the List-Unsubscribe mailto); the sender&apos;s address when empty.</source>
        <translation>Dove arrivano le richieste di disiscrizione via email (il mailto di List-Unsubscribe); se vuoto, l&apos;indirizzo del mittente.</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Aggiungi…</translation>
    </message>
    <message>
        <source>Per recipient…</source>
        <translation>Per destinatario…</translation>
    </message>
    <message>
        <source>Attach each recipient&apos;s own file: a folder and a name with variables, e.g. invoices/{{ customer_id }}.pdf</source>
        <translation>Allega a ogni destinatario il suo file: una cartella e un nome con variabili, per esempio fatture/{{ customer_id }}.pdf</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Rimuovi</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Impostazioni</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>Mittente</translation>
    </message>
    <message>
        <source>Contact list</source>
        <translation>Lista contatti</translation>
    </message>
    <message>
        <source>Reply-To</source>
        <translation>Rispondi a</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Modello</translation>
    </message>
    <message>
        <source>Unsubscribe URL</source>
        <translation>URL di disiscrizione</translation>
    </message>
    <message>
        <source>SMTP profile</source>
        <translation>Profilo SMTP</translation>
    </message>
    <message>
        <source>Unsubscribe mailbox</source>
        <translation>Casella di disiscrizione</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Allegati</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>Salva bozza</translation>
    </message>
    <message>
        <source>Save the draft (Ctrl+S)</source>
        <translation>Salva la bozza (Ctrl+S)</translation>
    </message>
    <message>
        <source>Test send…</source>
        <translation>Invio di prova…</translation>
    </message>
    <message>
        <source>Start…</source>
        <translation>Avvia…</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Metti in pausa</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Riprendi</translation>
    </message>
    <message>
        <source>Cancel campaign…</source>
        <translation>Annulla campagna…</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Avanzamento</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>Campagne</translation>
    </message>
    <message>
        <source>Pick a list, a template and an SMTP profile; send yourself a test; then Start. Every recipient is checked before anything is queued.</source>
        <translation>Scegli una lista, un modello e un profilo SMTP; invia una prova a te stesso; poi Avvia. Ogni destinatario viene controllato prima di mettere in coda qualsiasi messaggio.</translation>
    </message>
    <message>
        <source>%1
Created %2</source>
        <translation>%1
Creata %2</translation>
    </message>
    <message>
        <source>Audience: %1</source>
        <translation>Pubblico: %1</translation>
    </message>
    <message>
        <source>Sends %1</source>
        <translation>Invia %1</translation>
    </message>
    <message>
        <source>Starts %1</source>
        <translation>Parte %1</translation>
    </message>
    <message>
        <source>Created %1</source>
        <translation>Creata %1</translation>
    </message>
    <message>
        <source>started %1</source>
        <translation>avviata %1</translation>
    </message>
    <message>
        <source>ended %1</source>
        <translation>terminata %1</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Modifiche non salvate</translation>
    </message>
    <message>
        <source>Save the changes to %1?</source>
        <translation>Salvare le modifiche a %1?</translation>
    </message>
    <message>
        <source>Paused by you.</source>
        <translation>Messa in pausa da te.</translation>
    </message>
    <message>
        <source>Paused: %1</source>
        <translation>In pausa: %1</translation>
    </message>
    <message>
        <source>Finished: every message reached a final state.</source>
        <translation>Terminata: ogni messaggio ha raggiunto uno stato finale.</translation>
    </message>
    <message>
        <source>Cancelled: nothing more is sent for this campaign.</source>
        <translation>Annullata: per questa campagna non verrà inviato altro.</translation>
    </message>
    <message>
        <source>retrying now</source>
        <translation>nuovo tentativo in corso</translation>
    </message>
    <message>
        <source>next try %1</source>
        <translation>prossimo tentativo %1</translation>
    </message>
    <message>
        <source>Can&apos;t reach %1:%2 — %3. %4.</source>
        <translation>Impossibile raggiungere %1:%2 — %3. %4.</translation>
    </message>
    <message>
        <source>Cancelled: %1 of %2 went out</source>
        <translation>Annullata: %1 di %2 partiti</translation>
    </message>
    <message>
        <source>%1 of %2 done (%3%)</source>
        <translation>%1 di %2 completati (%3%)</translation>
    </message>
    <message>
        <source>%1, %2.</source>
        <translation>%1, %2.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln message(s) sent</source>
        <translation>
            <numerusform>%Ln messaggio inviato</numerusform>
            <numerusform>%Ln messaggi inviati</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed</source>
        <translation>
            <numerusform>%Ln non recapitato</numerusform>
            <numerusform>%Ln non recapitati</numerusform>
        </translation>
    </message>
    <message>
        <source>Today&apos;s cap of %1 is reached: sending goes on as the last 24 hours&apos; messages age out · %2 to go.</source>
        <translation>Raggiunto il limite di oggi (%1): l&apos;invio riprende man mano che i messaggi delle ultime 24 ore escono dal conteggio · %2 da inviare.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln message(s) deferred: retried automatically (next try %1).</source>
        <translation>
            <numerusform>%Ln messaggio rinviato: viene riprovato automaticamente (prossimo tentativo %1).</numerusform>
            <numerusform>%Ln messaggi rinviati: vengono riprovati automaticamente (prossimo tentativo %1).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln message(s) deferred: retried automatically.</source>
        <translation>
            <numerusform>%Ln messaggio rinviato: viene riprovato automaticamente.</numerusform>
            <numerusform>%Ln messaggi rinviati: vengono riprovati automaticamente.</numerusform>
        </translation>
    </message>
    <message>
        <source>New campaign</source>
        <translation>Nuova campagna</translation>
    </message>
    <message>
        <source>%1 copy</source>
        <translation>%1 copia</translation>
    </message>
    <message>
        <source>Started: %1, %2.</source>
        <translation>Avviata: %1, %2.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln message(s) queued</source>
        <translation>
            <numerusform>%Ln messaggio in coda</numerusform>
            <numerusform>%Ln messaggi in coda</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln recipient(s) skipped</source>
        <translation>
            <numerusform>%Ln destinatario saltato</numerusform>
            <numerusform>%Ln destinatari saltati</numerusform>
        </translation>
    </message>
    <message>
        <source>SMTP profile %1 today: %2 of %3 left (warm-up day %4 of %5).</source>
        <translation>Profilo SMTP %1 oggi: ne restano %2 su %3 (riscaldamento, giorno %4 di %5).</translation>
    </message>
    <message>
        <source>SMTP profile %1 today: %2 of %3 left (its daily cap).</source>
        <translation>Profilo SMTP %1 oggi: ne restano %2 su %3 (il suo limite giornaliero).</translation>
    </message>
    <message>
        <source>Scheduled · %1</source>
        <translation>Programmata · %1</translation>
    </message>
    <message>
        <source>Scheduled: starts %1</source>
        <translation>Programmata: parte %1</translation>
    </message>
    <message>
        <source>Outside their windows</source>
        <translation>Fuori dalle loro fasce</translation>
    </message>
    <message>
        <source>Nobody is inside their send window now: the first opens %1 here, for %2.</source>
        <translation>Nessuno è nella propria fascia di invio adesso: la prima si apre %1 qui, per %2.</translation>
    </message>
    <message>
        <source>Outside its window</source>
        <translation>Fuori fascia</translation>
    </message>
    <message>
        <source>Outside its send window: it opens %1</source>
        <translation>Fuori dalla fascia di invio: si apre %1</translation>
    </message>
    <message>
        <source>Daily cap reached</source>
        <translation>Limite giornaliero raggiunto</translation>
    </message>
    <message>
        <source>Its SMTP profile sent today&apos;s %1: sending goes on as the last 24 hours&apos; messages age out.</source>
        <translation>Il suo profilo SMTP ha inviato i %1 di oggi: l&apos;invio riprende man mano che i messaggi delle ultime 24 ore escono dal conteggio.</translation>
    </message>
    <message>
        <source>Waiting for the relay</source>
        <translation>In attesa del relay</translation>
    </message>
    <message>
        <source>Waiting for the relay: %1.</source>
        <translation>In attesa del relay: %1.</translation>
    </message>
    <message>
        <source>Paused by you</source>
        <translation>Messa in pausa da te</translation>
    </message>
    <message>
        <source>Paused: relay refused</source>
        <translation>In pausa: rifiutata dal relay</translation>
    </message>
    <message>
        <source>Not started yet</source>
        <translation>Non ancora avviata</translation>
    </message>
    <message>
        <source>Not started yet.</source>
        <translation>Non ancora avviata.</translation>
    </message>
    <message>
        <source>Paused with %1 still to send.</source>
        <translation>In pausa con ancora %1 da inviare.</translation>
    </message>
    <message>
        <source>Scheduled · starts %1 · %2 to send.</source>
        <translation>Programmata · parte %1 · %2 da inviare.</translation>
    </message>
    <message>
        <source>Outside its send window · it opens %1 · %2 to go.</source>
        <translation>Fuori dalla fascia di invio · si apre %1 · %2 da inviare.</translation>
    </message>
    <message>
        <source>Every message has an outcome.</source>
        <translation>Ogni messaggio ha un esito.</translation>
    </message>
    <message>
        <source>Waiting for %1:%2 to answer.</source>
        <translation>In attesa che %1:%2 risponda.</translation>
    </message>
    <message>
        <source>The sender is not running: start Staffetta&apos;s sender to send.</source>
        <translation>L&apos;invio non è attivo: avvia l&apos;invio di Staffetta per spedire.</translation>
    </message>
    <message>
        <source>%1 messages/s · %2 to go · about %3 left</source>
        <translation>%1 messaggi/s · %2 da inviare · circa %3 rimanenti</translation>
    </message>
    <message>
        <source>Sending to those inside their window · %1 to go.</source>
        <translation>Invio a chi è nella propria fascia · %1 da inviare.</translation>
    </message>
    <message>
        <source>Sending · %1 to go.</source>
        <translation>Invio in corso · %1 da inviare.</translation>
    </message>
    <message>
        <source>Draft %1 saved.</source>
        <translation>Bozza %1 salvata.</translation>
    </message>
    <message>
        <source>Campaign duplicated as a new draft.</source>
        <translation>Campagna duplicata come nuova bozza.</translation>
    </message>
    <message>
        <source>Delete campaign</source>
        <translation>Elimina campagna</translation>
    </message>
    <message>
        <source>Delete the campaign %1 with its queued messages and history?</source>
        <translation>Eliminare la campagna %1 con i suoi messaggi in coda e la sua cronologia?</translation>
    </message>
    <message>
        <source>Campaign %1 deleted.</source>
        <translation>Campagna %1 eliminata.</translation>
    </message>
    <message>
        <source>Attach files to every message</source>
        <translation>Allega file a ogni messaggio</translation>
    </message>
    <message>
        <source>Checking every recipient…</source>
        <translation>Controllo di ogni destinatario…</translation>
    </message>
    <message>
        <source>Queuing the messages…</source>
        <translation>Messa in coda dei messaggi…</translation>
    </message>
    <message>
        <source>Cancel campaign</source>
        <translation>Annulla campagna</translation>
    </message>
    <message>
        <source>Cancel the campaign? Every message not yet sent is cancelled.</source>
        <translation>Annullare la campagna? Ogni messaggio non ancora inviato viene annullato.</translation>
    </message>
    <message>
        <source>Trying the relay again now.</source>
        <translation>Nuovo tentativo verso il relay in corso.</translation>
    </message>
</context>
<context>
    <name>ConditionRow</name>
    <message>
        <source>contains</source>
        <translation>contiene</translation>
    </message>
    <message>
        <source>starts-with</source>
        <translation>inizia con</translation>
    </message>
    <message>
        <source>ends-with</source>
        <translation>finisce con</translation>
    </message>
    <message>
        <source>in</source>
        <translation>è uno di</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>è vuoto</translation>
    </message>
    <message>
        <source>not-empty</source>
        <translation>non è vuoto</translation>
    </message>
    <message>
        <source>value (several: comma-separated with “in”)</source>
        <translation>valore (più d’uno: separati da virgole con “in”)</translation>
    </message>
    <message>
        <source>Remove this condition</source>
        <translation>Togli questa condizione</translation>
    </message>
</context>
<context>
    <name>ConnectionFields</name>
    <message>
        <source>none: the authorities this computer trusts</source>
        <translation>nessuno: le autorità di cui si fida questo computer</translation>
    </message>
    <message>
        <source>A private certificate authority (a PEM file) to trust for this server, e.g. your company&apos;s, or a self-signed server&apos;s own certificate. Leave empty for public servers.</source>
        <translation>Un&apos;autorità di certificazione privata (un file PEM) di cui fidarsi per questo server, per esempio quella della tua azienda, o il certificato di un server autofirmato. Lascia vuoto per i server pubblici.</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Scegli…</translation>
    </message>
    <message>
        <source>Choose the CA certificate file (PEM).</source>
        <translation>Scegli il file del certificato CA (PEM).</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Porta</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Sicurezza</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Nome utente</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>Certificato CA</translation>
    </message>
    <message>
        <source>Choose the CA certificate (PEM)</source>
        <translation>Scegli il certificato CA (PEM)</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer)</source>
        <translation>Certificati (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Tutti i file (*)</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <source>Edit contact</source>
        <translation>Modifica contatto</translation>
    </message>
    <message>
        <source>How templates greet them: {{ name }}</source>
        <translation>Come lo salutano i modelli: {{ name }}</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Campo</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valore</translation>
    </message>
    <message>
        <source>Custom fields are template variables: {{ city }}. Double-click to edit.</source>
        <translation>I campi personalizzati sono variabili dei modelli: {{ city }}. Doppio clic per modificarli.</translation>
    </message>
    <message>
        <source>New field, e.g. city</source>
        <translation>Nuovo campo, per esempio city</translation>
    </message>
    <message>
        <source>Its value</source>
        <translation>Il suo valore</translation>
    </message>
    <message>
        <source>Add field</source>
        <translation>Aggiungi campo</translation>
    </message>
    <message>
        <source>Remove field</source>
        <translation>Rimuovi campo</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Stato</translation>
    </message>
    <message>
        <source>Lists</source>
        <translation>Liste</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>Campi</translation>
    </message>
    <message>
        <source>%1 is off the suppression list.</source>
        <translation>%1 non è più nella lista di esclusione.</translation>
    </message>
    <message>
        <source>on the suppression list</source>
        <translation>nella lista di esclusione</translation>
    </message>
    <message>
        <source>In no list</source>
        <translation>In nessuna lista</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>Salvato %1.</translation>
    </message>
</context>
<context>
    <name>ContactPicker</name>
    <message>
        <source>Search by email, name or any field</source>
        <translation>Cerca per email, nome o qualsiasi campo</translation>
    </message>
    <message>
        <source> match</source>
        <translation> corrispondenza</translation>
    </message>
</context>
<context>
    <name>ContactStatusWord</name>
    <message>
        <source>active</source>
        <translation>attivo</translation>
    </message>
    <message>
        <source>unsubscribed</source>
        <translation>disiscritto</translation>
    </message>
    <message>
        <source>bounced</source>
        <translation>respinto</translation>
    </message>
    <message>
        <source>complained</source>
        <translation>ha segnalato spam</translation>
    </message>
    <message>
        <source>suppressed</source>
        <translation>escluso</translation>
    </message>
</context>
<context>
    <name>ContactsPage</name>
    <message>
        <source>Filter by email, name or any field…  (Ctrl+F)</source>
        <translation>Filtra per email, nome o qualsiasi campo…  (Ctrl+F)</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Modifica…</translation>
    </message>
    <message>
        <source>Change this contact&apos;s address, name or fields.</source>
        <translation>Cambia l&apos;indirizzo, il nome o i campi di questo contatto.</translation>
    </message>
    <message>
        <source>Copy address</source>
        <translation>Copia indirizzo</translation>
    </message>
    <message>
        <source>Copy the selected contacts&apos; addresses.</source>
        <translation>Copia gli indirizzi dei contatti selezionati.</translation>
    </message>
    <message>
        <source>Mark unsubscribed</source>
        <translation>Segna come disiscritto</translation>
    </message>
    <message>
        <source>They get no campaign mail any more.</source>
        <translation>Non ricevono più la posta delle campagne.</translation>
    </message>
    <message>
        <source>Mark active again</source>
        <translation>Segna di nuovo come attivo</translation>
    </message>
    <message>
        <source>They may get campaign mail again (a suppressed address stays suppressed).</source>
        <translation>Possono ricevere di nuovo la posta delle campagne (un indirizzo escluso resta escluso).</translation>
    </message>
    <message>
        <source>Suppress (never send again)</source>
        <translation>Escludi (non inviare mai più)</translation>
    </message>
    <message>
        <source>Put the addresses on the suppression list: no campaign ever sends to them.</source>
        <translation>Mette gli indirizzi nella lista di esclusione: nessuna campagna scriverà mai loro.</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Elimina…</translation>
    </message>
    <message>
        <source>Delete the contacts from every list.</source>
        <translation>Elimina i contatti da tutte le liste.</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Trova</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>Importa CSV…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Esporta…</translation>
    </message>
    <message>
        <source>Add or update contacts from a spreadsheet (Ctrl+I)</source>
        <translation>Aggiungi o aggiorna contatti da un foglio di calcolo (Ctrl+I)</translation>
    </message>
    <message>
        <source>Save the contacts shown (a list, a segment or a filter&apos;s matches) as CSV (Ctrl+E)</source>
        <translation>Salva come CSV i contatti mostrati (una lista, un segmento o i risultati di un filtro) (Ctrl+E)</translation>
    </message>
    <message>
        <source>New segment…</source>
        <translation>Nuovo segmento…</translation>
    </message>
    <message>
        <source>A saved filter over all contacts (city = Milano and plan = gold…) that campaigns can send to</source>
        <translation>Un filtro salvato su tutti i contatti (city = Milano e plan = gold…) a cui le campagne possono inviare</translation>
    </message>
    <message>
        <source>Filter by field…</source>
        <translation>Filtra per campo…</translation>
    </message>
    <message>
        <source>Show the contacts whose fields match conditions (city = Milano, age &gt;= 30…); save them as a segment from there</source>
        <translation>Mostra i contatti i cui campi soddisfano delle condizioni (city = Milano, age &gt;= 30…); da lì puoi salvarli come segmento</translation>
    </message>
    <message>
        <source>Save as segment…</source>
        <translation>Salva come segmento…</translation>
    </message>
    <message>
        <source>Keep this filter under a name campaigns can send to</source>
        <translation>Conserva questo filtro con un nome a cui le campagne possono inviare</translation>
    </message>
    <message>
        <source>Clear filter</source>
        <translation>Togli il filtro</translation>
    </message>
    <message>
        <source>Edit segment…</source>
        <translation>Modifica segmento…</translation>
    </message>
    <message>
        <source>Delete segment…</source>
        <translation>Elimina segmento…</translation>
    </message>
    <message>
        <source>Selected…</source>
        <translation>Selezionati…</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Contatti</translation>
    </message>
    <message>
        <source>Import people from a spreadsheet; every column becomes a field you can use in templates. Double-click a contact to edit it.</source>
        <translation>Importa persone da un foglio di calcolo; ogni colonna diventa un campo da usare nei modelli. Doppio clic su un contatto per modificarlo.</translation>
    </message>
    <message>
        <source>All contacts  (%1)</source>
        <translation>Tutti i contatti  (%1)</translation>
    </message>
    <message>
        <source>Every contact, in any list</source>
        <translation>Tutti i contatti, di qualsiasi lista</translation>
    </message>
    <message>
        <source>SEGMENTS</source>
        <translation>SEGMENTI</translation>
    </message>
    <message>
        <source>Segment %1: %2
Double-click to change it.</source>
        <translation>Segmento %1: %2
Doppio clic per modificarlo.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Caricamento…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln contact(s) (matches|match) the filter and the search</source>
        <translation>
            <numerusform>%Ln contatto corrisponde al filtro e alla ricerca</numerusform>
            <numerusform>%Ln contatti corrispondono al filtro e alla ricerca</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln contact(s) (matches|match) the filter</source>
        <translation>
            <numerusform>%Ln contatto corrisponde al filtro</numerusform>
            <numerusform>%Ln contatti corrispondono al filtro</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln contact(s) of the segment %1 (matches|match) the search</source>
        <translation>
            <numerusform>%Ln contatto del segmento %1 corrisponde alla ricerca</numerusform>
            <numerusform>%Ln contatti del segmento %1 corrispondono alla ricerca</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln contact(s) in the segment %1</source>
        <translation>
            <numerusform>%Ln contatto nel segmento %1</numerusform>
            <numerusform>%Ln contatti nel segmento %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln selected…</source>
        <translation>
            <numerusform>%Ln selezionato…</numerusform>
            <numerusform>%Ln selezionati…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln contact(s) now unsubscribed.</source>
        <translation>
            <numerusform>%Ln contatto ora disiscritto.</numerusform>
            <numerusform>%Ln contatti ora disiscritti.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln contact(s) now active.</source>
        <translation>
            <numerusform>%Ln contatto ora attivo.</numerusform>
            <numerusform>%Ln contatti ora attivi.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln address(es) suppressed.</source>
        <translation>
            <numerusform>%Ln indirizzo escluso.</numerusform>
            <numerusform>%Ln indirizzi esclusi.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete contacts</source>
        <translation>Elimina contatti</translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln contact(s) from every list? Messages already queued for (it|them) keep their copy of the address.</source>
        <translation>
            <numerusform>Eliminare %Ln contatto da tutte le liste? I messaggi già in coda per lui conservano la loro copia dell&apos;indirizzo.</numerusform>
            <numerusform>Eliminare %Ln contatti da tutte le liste? I messaggi già in coda per loro conservano la loro copia dell&apos;indirizzo.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln contact(s) deleted.</source>
        <translation>
            <numerusform>%Ln contatto eliminato.</numerusform>
            <numerusform>%Ln contatti eliminati.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %Ln address(es).</source>
        <translation>
            <numerusform>Copiato %Ln indirizzo.</numerusform>
            <numerusform>Copiati %Ln indirizzi.</numerusform>
        </translation>
    </message>
    <message>
        <source>Filter: %1</source>
        <translation>Filtro: %1</translation>
    </message>
    <message>
        <source>Change filter…</source>
        <translation>Modifica il filtro…</translation>
    </message>
    <message>
        <source>or</source>
        <translation>o</translation>
    </message>
    <message>
        <source>and</source>
        <translation>e</translation>
    </message>
    <message>
        <source>Delete segment</source>
        <translation>Elimina segmento</translation>
    </message>
    <message>
        <source>Delete the segment %1? Its contacts stay; only the filter is deleted.</source>
        <translation>Eliminare il segmento %1? I suoi contatti restano; viene eliminato solo il filtro.</translation>
    </message>
    <message>
        <source>Segment %1 deleted.</source>
        <translation>Segmento %1 eliminato.</translation>
    </message>
    <message>
        <source>filtered contacts</source>
        <comment>the file name of an export of a filter&apos;s matches</comment>
        <translation>contatti filtrati</translation>
    </message>
    <message>
        <source>contacts</source>
        <comment>the file name of an export of every contact</comment>
        <translation>contatti</translation>
    </message>
    <message>
        <source>Export contacts</source>
        <translation>Esporta contatti</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln contact(s) to %1.</source>
        <translation>
            <numerusform>Esportato %Ln contatto in %1.</numerusform>
            <numerusform>Esportati %Ln contatti in %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ContactsTableModel</name>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Stato</translation>
    </message>
    <message>
        <source>Not mailed: %1</source>
        <translation>Non riceve posta: %1</translation>
    </message>
</context>
<context>
    <name>Counts</name>
    <message numerus="yes">
        <source>%Ln message(s)</source>
        <translation>
            <numerusform>%Ln messaggio</numerusform>
            <numerusform>%Ln messaggi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln contact(s)</source>
        <translation>
            <numerusform>%Ln contatto</numerusform>
            <numerusform>%Ln contatti</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln address(es)</source>
        <translation>
            <numerusform>%Ln indirizzo</numerusform>
            <numerusform>%Ln indirizzi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln attempt(s)</source>
        <translation>
            <numerusform>%Ln tentativo</numerusform>
            <numerusform>%Ln tentativi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln campaign(s)</source>
        <translation>
            <numerusform>%Ln campagna</numerusform>
            <numerusform>%Ln campagne</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln recipient(s)</source>
        <translation>
            <numerusform>%Ln destinatario</numerusform>
            <numerusform>%Ln destinatari</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s)</source>
        <translation>
            <numerusform>%Ln riga</numerusform>
            <numerusform>%Ln righe</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln test(s)</source>
        <translation>
            <numerusform>%Ln prova</numerusform>
            <numerusform>%Ln prove</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln deferred message(s)</source>
        <translation>
            <numerusform>%Ln messaggio rinviato</numerusform>
            <numerusform>%Ln messaggi rinviati</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed message(s)</source>
        <translation>
            <numerusform>%Ln messaggio non recapitato</numerusform>
            <numerusform>%Ln messaggi non recapitati</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln unsent message(s)</source>
        <translation>
            <numerusform>%Ln messaggio non inviato</numerusform>
            <numerusform>%Ln messaggi non inviati</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln new contact(s)</source>
        <translation>
            <numerusform>%Ln nuovo contatto</numerusform>
            <numerusform>%Ln nuovi contatti</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln selected recipient(s)</source>
        <translation>
            <numerusform>%Ln destinatario selezionato</numerusform>
            <numerusform>%Ln destinatari selezionati</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln segment(s)</source>
        <translation>
            <numerusform>%Ln segmento</numerusform>
            <numerusform>%Ln segmenti</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln list(s)</source>
        <translation>
            <numerusform>%Ln lista</numerusform>
            <numerusform>%Ln liste</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln (person|people)</source>
        <translation>
            <numerusform>%Ln persona</numerusform>
            <numerusform>%Ln persone</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln (reply|replies)</source>
        <translation>
            <numerusform>%Ln risposta</numerusform>
            <numerusform>%Ln risposte</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln bounce(s)</source>
        <translation>
            <numerusform>%Ln rimbalzo</numerusform>
            <numerusform>%Ln rimbalzi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln complaint(s)</source>
        <translation>
            <numerusform>%Ln segnalazione</numerusform>
            <numerusform>%Ln segnalazioni</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln mail(s)</source>
        <translation>
            <numerusform>%Ln email</numerusform>
            <numerusform>%Ln email</numerusform>
        </translation>
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
    <name>Errors</name>
    <message>
        <source>Free some space there; sending resumes by itself once there is room. Nothing that was already saved is lost.</source>
        <translation>Libera un po&apos; di spazio lì; l&apos;invio riprende da solo appena c&apos;è posto. Nulla di ciò che era già salvato va perso.</translation>
    </message>
    <message>
        <source>Free some space there; then try again. Nothing that was already saved is lost.</source>
        <translation>Libera un po&apos; di spazio lì, poi riprova. Nulla di ciò che era già salvato va perso.</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Comma ,</source>
        <translation>Virgola ,</translation>
    </message>
    <message>
        <source>Semicolon ;</source>
        <translation>Punto e virgola ;</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tabulazione</translation>
    </message>
    <message>
        <source>Pipe |</source>
        <translation>Barra verticale |</translation>
    </message>
    <message>
        <source>commas</source>
        <translation>virgole</translation>
    </message>
    <message>
        <source>semicolons</source>
        <translation>punti e virgola</translation>
    </message>
    <message>
        <source>tabs</source>
        <translation>tabulazioni</translation>
    </message>
    <message>
        <source>pipes</source>
        <translation>barre verticali</translation>
    </message>
    <message>
        <source>Email address</source>
        <translation>Indirizzo email</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Keep as a field</source>
        <translation>Tieni come campo</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Salta</translation>
    </message>
    <message>
        <source>Choose and check the file</source>
        <translation>Scegli e controlla il file</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importa</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Riepilogo</translation>
    </message>
    <message>
        <source>My contacts</source>
        <translation>I miei contatti</translation>
    </message>
    <message>
        <source>Import contacts</source>
        <translation>Importa contatti</translation>
    </message>
    <message>
        <source>Choose a CSV file exported from your spreadsheet</source>
        <translation>Scegli un file CSV esportato dal tuo foglio di calcolo</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Sfoglia…</translation>
    </message>
    <message>
        <source>How the file&apos;s characters are stored. Files from Excel on Windows are usually cp1252; if accents look wrong in the preview, try another.</source>
        <translation>Come sono codificati i caratteri del file. I file di Excel su Windows sono di solito cp1252; se nell&apos;anteprima le lettere accentate sono sbagliate, provane un&apos;altra.</translation>
    </message>
    <message>
        <source>The character between columns (Excel in Europe uses ;).</source>
        <translation>Il carattere tra le colonne (Excel in Europa usa ;).</translation>
    </message>
    <message>
        <source>Pick an existing list or type a new name. Contacts already stored are updated, never duplicated.</source>
        <translation>Scegli una lista esistente o scrivi un nome nuovo. I contatti già presenti vengono aggiornati, mai duplicati.</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Colonna</translation>
    </message>
    <message>
        <source>Use as</source>
        <translation>Usa come</translation>
    </message>
    <message>
        <source>Field name</source>
        <translation>Nome del campo</translation>
    </message>
    <message>
        <source>First value</source>
        <translation>Primo valore</translation>
    </message>
    <message>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>Codifica</translation>
    </message>
    <message>
        <source>Delimiter</source>
        <translation>Separatore</translation>
    </message>
    <message>
        <source>Into list</source>
        <translation>Nella lista</translation>
    </message>
    <message>
        <source>Columns: what each one becomes</source>
        <translation>Colonne: cosa diventa ciascuna</translation>
    </message>
    <message>
        <source>Preview of the first rows</source>
        <translation>Anteprima delle prime righe</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Importazione…</translation>
    </message>
    <message>
        <source>You can stop at any time: the rows imported so far are kept.</source>
        <translation>Puoi fermarti in qualsiasi momento: le righe già importate restano.</translation>
    </message>
    <message>
        <source>Rejected rows</source>
        <translation>Righe scartate</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Riga</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valore</translation>
    </message>
    <message>
        <source>Why it was rejected</source>
        <translation>Perché è stata scartata</translation>
    </message>
    <message>
        <source>Save rejected rows as CSV…</source>
        <translation>Salva le righe scartate in CSV…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annulla</translation>
    </message>
    <message>
        <source>Choose a CSV file</source>
        <translation>Scegli un file CSV</translation>
    </message>
    <message>
        <source>CSV or text (*.csv *.txt *.tsv);;All files (*)</source>
        <translation>CSV o testo (*.csv *.txt *.tsv);;Tutti i file (*)</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>Lettura del file…</translation>
    </message>
    <message numerus="yes">
        <source>Read as %1 with columns separated by %2: %Ln column(s). If accents or columns look wrong below, change the encoding or the delimiter.</source>
        <translation>
            <numerusform>Letto come %1 con colonne separate da %2: %Ln colonna. Se qui sotto lettere accentate o colonne sono sbagliate, cambia la codifica o il separatore.</numerusform>
            <numerusform>Letto come %1 con colonne separate da %2: %Ln colonne. Se qui sotto lettere accentate o colonne sono sbagliate, cambia la codifica o il separatore.</numerusform>
        </translation>
    </message>
    <message>
        <source>The name of this field in templates: {{ name_here }}</source>
        <translation>Il nome di questo campo nei modelli: {{ nome_qui }}</translation>
    </message>
    <message>
        <source>email address</source>
        <translation>indirizzo email</translation>
    </message>
    <message>
        <source>name</source>
        <translation>nome</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>saltata</translation>
    </message>
    <message>
        <source>No column looks like email addresses: set “Use as” to “Email address” on the column that holds them.</source>
        <translation>Nessuna colonna sembra contenere indirizzi email: imposta “Usa come” su “Indirizzo email” nella colonna che li contiene.</translation>
    </message>
    <message>
        <source>Choose only one column as the email address.</source>
        <translation>Scegli una sola colonna come indirizzo email.</translation>
    </message>
    <message>
        <source>Two columns are kept under the same field name: rename one.</source>
        <translation>Due colonne hanno lo stesso nome di campo: rinominane una.</translation>
    </message>
    <message>
        <source>Choose only one column as the name.</source>
        <translation>Scegli una sola colonna come nome.</translation>
    </message>
    <message>
        <source>Give the list a name.</source>
        <translation>Dai un nome alla lista.</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Ferma</translation>
    </message>
    <message numerus="yes">
        <source>Importing… %Ln row(s) read</source>
        <translation>
            <numerusform>Importazione… %Ln riga letta</numerusform>
            <numerusform>Importazione… %Ln righe lette</numerusform>
        </translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Chiudi</translation>
    </message>
    <message>
        <source>The import was stopped; the rows before that point are saved.</source>
        <translation>L&apos;importazione è stata fermata; le righe precedenti sono salvate.</translation>
    </message>
    <message numerus="yes">
        <source>new contact(s)</source>
        <translation>
            <numerusform>nuovo contatto</numerusform>
            <numerusform>nuovi contatti</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>updated</source>
        <translation>
            <numerusform>aggiornato</numerusform>
            <numerusform>aggiornati</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>duplicate(s) skipped</source>
        <translation>
            <numerusform>doppione saltato</numerusform>
            <numerusform>doppioni saltati</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>row(s) rejected</source>
        <translation>
            <numerusform>riga scartata</numerusform>
            <numerusform>righe scartate</numerusform>
        </translation>
    </message>
    <message>
        <source>List “%1”</source>
        <translation>Lista “%1”</translation>
    </message>
    <message>
        <source>Rejected rows (the first %1 of %2)</source>
        <translation>Righe scartate (le prime %1 di %2)</translation>
    </message>
    <message numerus="yes">
        <source>Imported %Ln new contact(s) into “%1”.</source>
        <translation>
            <numerusform>Importato %Ln nuovo contatto in “%1”.</numerusform>
            <numerusform>Importati %Ln nuovi contatti in “%1”.</numerusform>
        </translation>
    </message>
    <message>
        <source>Save rejected rows</source>
        <translation>Salva le righe scartate</translation>
    </message>
    <message numerus="yes">
        <source>Saved %Ln row(s) to %1.</source>
        <translation>
            <numerusform>Salvata %Ln riga in %1.</numerusform>
            <numerusform>Salvate %Ln righe in %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopping after the current batch…</source>
        <translation>Arresto dopo il blocco in corso…</translation>
    </message>
</context>
<context>
    <name>InboxPage</name>
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
        <source>Received</source>
        <translation>Ricevuto</translation>
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
        <source>Copy address</source>
        <translation>Copia indirizzo</translation>
    </message>
    <message>
        <source>Delete the open message (Del)</source>
        <translation>Elimina il messaggio aperto (Canc)</translation>
    </message>
    <message>
        <source>Clear all…</source>
        <translation>Svuota tutto…</translation>
    </message>
    <message>
        <source>1 message.</source>
        <translation>1 messaggio.</translation>
    </message>
    <message>
        <source>%1 messages.</source>
        <translation>%1 messaggi.</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 byte</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;From %2&lt;br&gt;To %3 · %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Da %2&lt;br&gt;A %3 · %4</translation>
    </message>
    <message>
        <source>Delete the caught message?</source>
        <translation>Eliminare il messaggio ricevuto?</translation>
    </message>
    <message>
        <source>Delete every caught message (%1)?</source>
        <translation>Eliminare tutti i messaggi ricevuti (%1)?</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aggiorna</translation>
    </message>
    <message>
        <source>Read the inbox again (F5)</source>
        <translation>Rileggi la casella (F5)</translation>
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
        <source>The test inbox server is not running in this window; messages caught earlier are shown.</source>
        <translation>Il server della casella di prova non è attivo in questa finestra; sono mostrati i messaggi ricevuti in precedenza.</translation>
    </message>
    <message>
        <source>Listening on %1 (SMTP, no password needed).</source>
        <translation>In ascolto su %1 (SMTP, nessuna password richiesta).</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(senza oggetto)</translation>
    </message>
    <message>
        <source>(no plain-text part)</source>
        <translation>(nessuna parte in testo semplice)</translation>
    </message>
    <message>
        <source>Copied %1.</source>
        <translation>Copiato %1.</translation>
    </message>
    <message>
        <source>Clear the test inbox</source>
        <translation>Svuota la casella di prova</translation>
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
    <name>MailboxEditor</name>
    <message>
        <source>Bounces and replies (mailbox)</source>
        <translation>Rimbalzi e risposte (casella di posta)</translation>
    </message>
    <message>
        <source>Read bounces, complaints and unsubscribe requests</source>
        <translation>Leggi rimbalzi, segnalazioni e richieste di disiscrizione</translation>
    </message>
    <message>
        <source>Most relays accept a message and bounce it later, to the return path. Staffetta reads that mailbox, marks bounced messages and suppresses the addresses that bounced, complained or asked to unsubscribe.</source>
        <translation>La maggior parte dei server accetta un messaggio e lo respinge più tardi, all&apos;indirizzo di ritorno. Staffetta legge quella casella, segna i messaggi respinti ed esclude gli indirizzi che sono rimbalzati, hanno segnalato spam o chiesto la disiscrizione.</translation>
    </message>
    <message>
        <source>imap.example.com</source>
        <translation>imap.example.com</translation>
    </message>
    <message>
        <source>TLS from the start (port 993)</source>
        <translation>TLS dall&apos;inizio (porta 993)</translation>
    </message>
    <message>
        <source>STARTTLS (port 143)</source>
        <translation>STARTTLS (porta 143)</translation>
    </message>
    <message>
        <source>None (only for a server on this computer)</source>
        <translation>Nessuna (solo per un server su questo computer)</translation>
    </message>
    <message>
        <source>the SMTP username</source>
        <translation>il nome utente SMTP</translation>
    </message>
    <message>
        <source>Flag it (it stays where it is)</source>
        <translation>Contrassegnala (resta dov&apos;è)</translation>
    </message>
    <message>
        <source>Move it to a folder</source>
        <translation>Spostala in una cartella</translation>
    </message>
    <message>
        <source>Delete it</source>
        <translation>Eliminala</translation>
    </message>
    <message>
        <source>What happens to a mail Staffetta has handled. Other mail is never touched.</source>
        <translation>Cosa succede a un messaggio gestito da Staffetta. Gli altri messaggi non vengono mai toccati.</translation>
    </message>
    <message>
        <source>Staffetta</source>
        <translation>Staffetta</translation>
    </message>
    <message>
        <source>the campaign&apos;s From address</source>
        <translation>l&apos;indirizzo Da della campagna</translation>
    </message>
    <message>
        <source>The envelope sender (Return-Path): where relays send bounces. Use an address of this mailbox, e.g. bounces@example.com.</source>
        <translation>Il mittente della busta (Return-Path): dove i server inviano i rimbalzi. Usa un indirizzo di questa casella, per esempio bounces@example.com.</translation>
    </message>
    <message>
        <source>A return path per message (VERP: bounces+123@…)</source>
        <translation>Un indirizzo di ritorno per messaggio (VERP: bounces+123@…)</translation>
    </message>
    <message>
        <source>Each message gets its own return path, so even a bounce that quotes nothing of the message names it. The mailbox must accept addresses with +.</source>
        <translation>Ogni messaggio ha il suo indirizzo di ritorno, così anche un rimbalzo che non cita nulla del messaggio lo identifica. La casella deve accettare indirizzi con +.</translation>
    </message>
    <message>
        <source>Test mailbox</source>
        <translation>Prova la casella</translation>
    </message>
    <message>
        <source>Log in and open the folder; nothing is changed.</source>
        <translation>Accede e apre la cartella; non cambia nulla.</translation>
    </message>
    <message>
        <source>IMAP host</source>
        <translation>Server IMAP</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Cartella</translation>
    </message>
    <message>
        <source>Handled mail</source>
        <translation>Messaggi gestiti</translation>
    </message>
    <message>
        <source>Return path</source>
        <translation>Indirizzo di ritorno</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>invariata</translation>
    </message>
    <message>
        <source>Last check failed: %s</source>
        <translation>L&apos;ultimo controllo non è riuscito: %s</translation>
    </message>
    <message>
        <source>Last checked %s (UTC).</source>
        <translation>Ultimo controllo %s (UTC).</translation>
    </message>
    <message>
        <source>Not checked yet.</source>
        <translation>Non ancora controllata.</translation>
    </message>
    <message>
        <source>Mailbox saved.</source>
        <translation>Casella salvata.</translation>
    </message>
    <message>
        <source>The password is in your system keyring.</source>
        <translation>La password è nel portachiavi di sistema.</translation>
    </message>
    <message>
        <source>The password is kept for this session only.</source>
        <translation>La password è conservata solo per questa sessione.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Prova in corso…</translation>
    </message>
    <message>
        <source>Connecting to %s:%d…</source>
        <translation>Connessione a %s:%d…</translation>
    </message>
    <message>
        <source>Logged in: %s messages in %s.</source>
        <translation>Accesso riuscito: %s messaggi in %s.</translation>
    </message>
</context>
<context>
    <name>MailboxService</name>
    <message>
        <source>Mailbox: %s bounces, %s complaints, %s unsubscribes applied.</source>
        <translation>Casella: applicati %s rimbalzi, %s segnalazioni, %s disiscrizioni.</translation>
    </message>
    <message>
        <source>The mailbox of %s could not be read: %s</source>
        <translation>Non è stato possibile leggere la casella di %s: %s</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Contacts</source>
        <translation>Contatti</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>Modelli</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>Campagne</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Coda</translation>
    </message>
    <message>
        <source>Suppressions</source>
        <translation>Esclusioni</translation>
    </message>
    <message>
        <source>Test inbox</source>
        <translation>Casella di prova</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Impostazioni</translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1 (Ctrl+%2)</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Inattivo</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Check &amp;mailboxes now</source>
        <translation>Controlla ora le &amp;caselle</translation>
    </message>
    <message>
        <source>Read the bounces, complaints and unsubscribe requests that came back</source>
        <translation>Leggi i rimbalzi, le segnalazioni e le richieste di disiscrizione arrivate</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Esci</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Vai</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aiuto</translation>
    </message>
    <message>
        <source>&amp;About Staffetta</source>
        <translation>&amp;Informazioni su Staffetta</translation>
    </message>
    <message>
        <source>About %1</source>
        <translation>Informazioni su %1</translation>
    </message>
    <message>
        <source>Email campaigns from your desktop: import contacts, write a personalised email, test it, and send it at a pace your provider accepts.</source>
        <translation>Campagne email dal tuo computer: importa i contatti, scrivi un&apos;email personalizzata, provala e inviala al ritmo che il tuo fornitore accetta.</translation>
    </message>
    <message>
        <source>Stopping: messages on their way finish first…</source>
        <translation>Arresto in corso: prima finiscono i messaggi già in viaggio…</translation>
    </message>
</context>
<context>
    <name>MessageDetailsDialog</name>
    <message>
        <source>Message to %1</source>
        <translation>Messaggio a %1</translation>
    </message>
    <message>
        <source>To: %1</source>
        <translation>A: %1</translation>
    </message>
    <message>
        <source>Campaign: %1</source>
        <translation>Campagna: %1</translation>
    </message>
    <message>
        <source>Status: %1 after %2</source>
        <translation>Stato: %1 dopo %2</translation>
    </message>
    <message>
        <source>On the suppression list: %1</source>
        <translation>Nella lista di esclusione: %1</translation>
    </message>
    <message>
        <source>No attempt yet.</source>
        <translation>Ancora nessun tentativo.</translation>
    </message>
</context>
<context>
    <name>MessageStatus</name>
    <message>
        <source>Queued</source>
        <translation>In coda</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>In invio</translation>
    </message>
    <message>
        <source>Deferred</source>
        <translation>Rinviato</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Inviato</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Non recapitato</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Incerto</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Trattenuto</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annullato</translation>
    </message>
    <message>
        <source>Bounced</source>
        <translation>Respinto</translation>
    </message>
</context>
<context>
    <name>MessageStatusWord</name>
    <message>
        <source>queued</source>
        <translation>in coda</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>in invio</translation>
    </message>
    <message>
        <source>deferred</source>
        <translation>rinviato</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>inviato</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>non recapitato</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>incerto</translation>
    </message>
    <message>
        <source>held</source>
        <translation>trattenuto</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>annullato</translation>
    </message>
    <message>
        <source>bounced</source>
        <translation>respinto</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>%1 is not available in this build.</source>
        <translation>%1 non è disponibile in questa versione.</translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message>
        <source>New SMTP profile</source>
        <translation>Nuovo profilo SMTP</translation>
    </message>
</context>
<context>
    <name>ProfileEditor</name>
    <message>
        <source>STARTTLS (encrypts after connecting; ports 587, 2525)</source>
        <translation>STARTTLS (cifra dopo la connessione; porte 587, 2525)</translation>
    </message>
    <message>
        <source>TLS from the start (port 465)</source>
        <translation>TLS fin dall&apos;inizio (porta 465)</translation>
    </message>
    <message>
        <source>None (only for a relay on this computer)</source>
        <translation>Nessuna (solo per un relay su questo computer)</translation>
    </message>
    <message>
        <source>Built-in test inbox</source>
        <translation>Casella di prova integrata</translation>
    </message>
    <message>
        <source>Catches everything on this computer; read it on the Test inbox page.</source>
        <translation>Raccoglie tutto su questo computer; leggilo nella pagina Casella di prova.</translation>
    </message>
    <message>
        <source>Mailtrap sandbox</source>
        <translation>Sandbox di Mailtrap</translation>
    </message>
    <message>
        <source>Mailtrap → Email Testing → Inboxes → your inbox → SMTP Settings shows the username and password. Ports 2525 or 587 (STARTTLS) and 465 (TLS).</source>
        <translation>Mailtrap → Email Testing → Inboxes → la tua casella → SMTP Settings mostra nome utente e password. Porte 2525 o 587 (STARTTLS) e 465 (TLS).</translation>
    </message>
    <message>
        <source>Use an app password (Google Account → Security → App passwords).</source>
        <translation>Usa una password per le app (Account Google → Sicurezza → Password per le app).</translation>
    </message>
    <message>
        <source>SMTP credentials come from the SES console (SMTP settings); change the region in the host name to yours.</source>
        <translation>Le credenziali SMTP vengono dalla console SES (SMTP settings); nel nome dell&apos;host metti la tua regione.</translation>
    </message>
    <message>
        <source>Custom relay</source>
        <translation>Relay personalizzato</translation>
    </message>
    <message>
        <source>Fills in the host, port, security and safe limits of a provider.</source>
        <translation>Compila host, porta, sicurezza e limiti sicuri di un provider.</translation>
    </message>
    <message>
        <source>A name you recognise, e.g. Newsletter via Mailtrap</source>
        <translation>Un nome che riconosci, per esempio Newsletter via Mailtrap</translation>
    </message>
    <message>
        <source>The SMTP server (relay) your provider gave you.</source>
        <translation>Il server SMTP (relay) che ti ha dato il tuo provider.</translation>
    </message>
    <message>
        <source>The relay&apos;s port: 587 or 2525 for STARTTLS, 465 for TLS.</source>
        <translation>La porta del relay: 587 o 2525 per STARTTLS, 465 per TLS.</translation>
    </message>
    <message>
        <source>How the connection is encrypted. STARTTLS and TLS protect your password and mail; Staffetta refuses to fall back to plain text.</source>
        <translation>Come viene cifrata la connessione. STARTTLS e TLS proteggono password e posta; Staffetta non ripiega mai sul testo in chiaro.</translation>
    </message>
    <message>
        <source>Leave empty if the relay needs no login.</source>
        <translation>Lascia vuoto se il relay non chiede l&apos;accesso.</translation>
    </message>
    <message>
        <source>Allow sending the password without TLS (not recommended)</source>
        <translation>Consenti di inviare la password senza TLS (sconsigliato)</translation>
    </message>
    <message>
        <source>Only for an old relay inside your own network.</source>
        <translation>Solo per un vecchio relay dentro la tua rete.</translation>
    </message>
    <message>
        <source> msg/s</source>
        <translation> msg/s</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>nessun limite</translation>
    </message>
    <message>
        <source>At most this many messages per second, on average. Providers publish a limit (SES: your account&apos;s sending rate; Gmail about 1/s). 0 = no limit.</source>
        <translation>Al massimo questi messaggi al secondo, in media. I provider pubblicano un limite (SES: la velocità di invio del tuo account; Gmail circa 1/s). 0 = nessun limite.</translation>
    </message>
    <message>
        <source>How many messages may leave at once after a quiet moment, before the rate applies. 1 spreads them evenly.</source>
        <translation>Quanti messaggi possono partire insieme dopo una pausa, prima che valga la velocità. 1 li distribuisce in modo uniforme.</translation>
    </message>
    <message>
        <source>Connections opened to the relay in parallel. Most providers allow 2 to 10.</source>
        <translation>Connessioni aperte in parallelo verso il relay. La maggior parte dei provider ne consente da 2 a 10.</translation>
    </message>
    <message>
        <source>Messages sent on one connection before closing it and opening a fresh one.</source>
        <translation>Messaggi inviati su una connessione prima di chiuderla e aprirne una nuova.</translation>
    </message>
    <message>
        <source>At most this many messages in any 24 hours, counted across restarts (Gmail: 2,000 a day for Workspace, 500 for a free account). 0 = no cap.</source>
        <translation>Al massimo questi messaggi in 24 ore, contati anche tra un riavvio e l&apos;altro (Gmail: 2.000 al giorno per Workspace, 500 per un account gratuito). 0 = nessun tetto.</translation>
    </message>
    <message>
        <source>no cap</source>
        <translation>nessun tetto</translation>
    </message>
    <message>
        <source>e.g. 50,100,250,500</source>
        <translation>ad es. 50,100,250,500</translation>
    </message>
    <message>
        <source>Warm-up for a new account or domain: at most this many messages on the first day of sending, this many on the second… then the daily cap. Empty = no warm-up.</source>
        <translation>Riscaldamento per un nuovo account o dominio: al massimo questi messaggi il primo giorno di invio, questi il secondo… poi il limite giornaliero. Vuoto = nessun riscaldamento.</translation>
    </message>
    <message>
        <source>When the relay says “try again later” (4xx), the first wait before retrying; each later wait doubles.</source>
        <translation>Quando il relay dice “riprova più tardi” (4xx), la prima attesa prima di riprovare; ogni attesa successiva raddoppia.</translation>
    </message>
    <message>
        <source>The longest wait between two retries.</source>
        <translation>L&apos;attesa più lunga tra due tentativi.</translation>
    </message>
    <message>
        <source>Give up on a message (failed) after this many tries.</source>
        <translation>Rinuncia a un messaggio (non recapitato) dopo questi tentativi.</translation>
    </message>
    <message>
        <source>Give up on a message this long after it was queued, however many tries (mail servers use 5 days).</source>
        <translation>Rinuncia a un messaggio dopo questo tempo dalla messa in coda, qualunque sia il numero di tentativi (i server di posta usano 5 giorni).</translation>
    </message>
    <message>
        <source>Pause the campaign after this many permanent failures in a row: usually a sign the account or the list has a problem.</source>
        <translation>Metti in pausa la campagna dopo questi errori definitivi di fila: di solito è segno di un problema dell&apos;account o della lista.</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connessione</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>Predefinito</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Velocità</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Ritmo di invio</translation>
    </message>
    <message>
        <source>Burst</source>
        <translation>Raffica</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Connessioni</translation>
    </message>
    <message>
        <source>Per connection</source>
        <translation>Per connessione</translation>
    </message>
    <message>
        <source>Daily cap</source>
        <translation>Tetto giornaliero</translation>
    </message>
    <message>
        <source>Warm-up caps</source>
        <translation>Limiti di riscaldamento</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>Nuovi tentativi</translation>
    </message>
    <message>
        <source>First retry after</source>
        <translation>Primo tentativo dopo</translation>
    </message>
    <message>
        <source>Longest wait</source>
        <translation>Attesa più lunga</translation>
    </message>
    <message>
        <source>Attempts at most</source>
        <translation>Tentativi al massimo</translation>
    </message>
    <message>
        <source>Give up after</source>
        <translation>Rinuncia dopo</translation>
    </message>
    <message>
        <source>Pause after failures in a row</source>
        <translation>Pausa dopo errori di fila</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Prova la connessione</translation>
    </message>
    <message>
        <source>Connect, start TLS, log in and say goodbye: nothing is sent.</source>
        <translation>Si connette, avvia TLS, accede e saluta: non invia nulla.</translation>
    </message>
    <message>
        <source>No cap today (%1 sent in the last 24 hours).</source>
        <translation>Nessun limite oggi (%1 inviati nelle ultime 24 ore).</translation>
    </message>
    <message>
        <source>Today: %1 of %2 left (warm-up day %3 of %4).</source>
        <translation>Oggi: ne restano %1 su %2 (giorno di riscaldamento %3 di %4).</translation>
    </message>
    <message>
        <source>Today: %1 of %2 left.</source>
        <translation>Oggi: ne restano %1 su %2.</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>invariata</translation>
    </message>
    <message>
        <source>The password is stored in your system keyring.</source>
        <translation>La password è conservata nel portachiavi di sistema.</translation>
    </message>
    <message>
        <source>unchanged (kept for this session)</source>
        <translation>invariata (conservata per questa sessione)</translation>
    </message>
    <message>
        <source>kept for this session only</source>
        <translation>conservata solo per questa sessione</translation>
    </message>
    <message>
        <source>No system keyring (such as GNOME Keyring or KWallet) is available, so the password is never written to disk: Staffetta keeps it in memory until you quit and asks again next time.</source>
        <translation>Non c&apos;è un portachiavi di sistema (come GNOME Keyring o KWallet), quindi la password non viene mai scritta su disco: Staffetta la tiene in memoria finché non esci e la richiede la volta successiva.</translation>
    </message>
    <message>
        <source>Saved. The password is in your system keyring.</source>
        <translation>Salvato. La password è nel portachiavi di sistema.</translation>
    </message>
    <message>
        <source>Saved. The password is kept in memory for this session only (no keyring here).</source>
        <translation>Salvato. La password è tenuta in memoria solo per questa sessione (qui non c&apos;è un portachiavi).</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Salvato.</translation>
    </message>
    <message>
        <source>Connecting to %1:%2…</source>
        <translation>Connessione a %1:%2…</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Prova in corso…</translation>
    </message>
</context>
<context>
    <name>QueuePage</name>
    <message>
        <source>The connection was lost after the message was handed over: it may or may not have arrived. Resend it (same Message-ID, so most mailboxes drop a duplicate) or mark it sent.</source>
        <translation>La connessione si è interrotta dopo la consegna del messaggio al server: potrebbe essere arrivato oppure no. Rinvialo (stesso Message-ID, così la maggior parte delle caselle scarta il doppione) o segnalo come inviato.</translation>
    </message>
    <message>
        <source>The relay said try later; Staffetta retries with growing pauses.</source>
        <translation>Il server ha chiesto di riprovare più tardi; Staffetta riprova a intervalli crescenti.</translation>
    </message>
    <message>
        <source>The relay refused it for good; the reason is below.</source>
        <translation>Il server lo ha rifiutato definitivamente; il motivo è qui sotto.</translation>
    </message>
    <message>
        <source>Parked: it will not be sent until you release it.</source>
        <translation>Trattenuto: non sarà inviato finché non lo rilasci.</translation>
    </message>
    <message>
        <source>The relay accepted it, then a bounce came back to the profile&apos;s mailbox: the address does not work, and Staffetta will not send to it again. The bounce&apos;s reason is below.</source>
        <translation>Il server lo ha accettato, poi nella casella del profilo è tornato un rimbalzo: l&apos;indirizzo non funziona e Staffetta non gli scriverà più. Il motivo del rimbalzo è qui sotto.</translation>
    </message>
    <message>
        <source>%1 is scheduled: it starts %2.</source>
        <translation>%1 è programmata: parte %2.</translation>
    </message>
    <message>
        <source>Its send window opens %1.</source>
        <translation>La sua fascia di invio si apre %1.</translation>
    </message>
    <message>
        <source>%1 sends in each recipient&apos;s time zone (%2). %3</source>
        <translation>%1 invia nel fuso orario di ciascun destinatario (%2). %3</translation>
    </message>
    <message>
        <source>%1 is outside its send window (%2): it opens %3.</source>
        <translation>%1 è fuori dalla fascia di invio (%2): si apre %3.</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Tutti gli stati</translation>
    </message>
    <message>
        <source>All campaigns</source>
        <translation>Tutte le campagne</translation>
    </message>
    <message>
        <source>Search address, campaign or reply…  (Ctrl+F)</source>
        <translation>Cerca indirizzo, campagna o risposta…  (Ctrl+F)</translation>
    </message>
    <message>
        <source>Retry deferred now</source>
        <translation>Riprova ora i rinviati</translation>
    </message>
    <message>
        <source>Every deferred message is due now (like postqueue -f).</source>
        <translation>Tutti i messaggi rinviati partono subito (come postqueue -f).</translation>
    </message>
    <message>
        <source>Retry / resend</source>
        <translation>Riprova / rinvia</translation>
    </message>
    <message>
        <source>Queue the selected failed, unknown, deferred or held messages again (same Message-ID).</source>
        <translation>Rimette in coda i messaggi selezionati non recapitati, incerti, rinviati o trattenuti (stesso Message-ID).</translation>
    </message>
    <message>
        <source>Mark sent</source>
        <translation>Segna come inviato</translation>
    </message>
    <message>
        <source>You checked that an &apos;unknown&apos; message did arrive.</source>
        <translation>Hai verificato che un messaggio &apos;incerto&apos; è arrivato.</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Trattieni</translation>
    </message>
    <message>
        <source>Do not send these until released.</source>
        <translation>Non inviarli finché non li rilasci.</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Rilascia</translation>
    </message>
    <message>
        <source>Send these again when their turn comes.</source>
        <translation>Inviali di nuovo quando arriva il loro turno.</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Elimina…</translation>
    </message>
    <message>
        <source>Cancel the selected unsent messages (they stay listed as cancelled).</source>
        <translation>Annulla i messaggi selezionati non ancora inviati (restano in elenco come annullati).</translation>
    </message>
    <message>
        <source>Show details…</source>
        <translation>Mostra dettagli…</translation>
    </message>
    <message>
        <source>Every attempt of the selected message, as text you can copy.</source>
        <translation>Tutti i tentativi del messaggio selezionato, come testo da copiare.</translation>
    </message>
    <message>
        <source>Copy address</source>
        <translation>Copia indirizzo</translation>
    </message>
    <message>
        <source>Copy the selected recipients&apos; addresses.</source>
        <translation>Copia gli indirizzi dei destinatari selezionati.</translation>
    </message>
    <message>
        <source>Export failed…</source>
        <translation>Esporta non recapitati…</translation>
    </message>
    <message>
        <source>Failed messages as CSV, ready to re-import.</source>
        <translation>I messaggi non recapitati in CSV, pronti da reimportare.</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Trova</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aggiorna</translation>
    </message>
    <message>
        <source>Select a message to see its attempts.</source>
        <translation>Seleziona un messaggio per vederne i tentativi.</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Iniziato</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Fase</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Codice</translation>
    </message>
    <message>
        <source>Enhanced</source>
        <translation>Codice esteso</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Risposta</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Coda</translation>
    </message>
    <message>
        <source>Every message and what happened to it. Fix problems here: retry, resend, hold or delete. Right-click a message for everything you can do with it.</source>
        <translation>Ogni messaggio e cosa gli è successo. Qui risolvi i problemi: riprova, rinvia, trattieni o elimina. Clic destro su un messaggio per tutto ciò che puoi farci.</translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more campaign(s) waiting.</source>
        <translation>
            <numerusform>… e %Ln altra campagna in attesa.</numerusform>
            <numerusform>… e altre %Ln campagne in attesa.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln message(s) selected.</source>
        <translation>
            <numerusform>%Ln messaggio selezionato.</numerusform>
            <numerusform>%Ln messaggi selezionati.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is on the suppression list (%2): Staffetta will not send to it again unless you reactivate it in Contacts.</source>
        <translation>%1 è nella lista di esclusione (%2): Staffetta non gli scriverà più, a meno che tu non lo riattivi in Contatti.</translation>
    </message>
    <message numerus="yes">
        <source>Copied %Ln address(es).</source>
        <translation>
            <numerusform>Copiato %Ln indirizzo.</numerusform>
            <numerusform>Copiati %Ln indirizzi.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln deferred message(s) (is|are) due now.</source>
        <translation>
            <numerusform>%Ln messaggio rinviato parte ora.</numerusform>
            <numerusform>%Ln messaggi rinviati partono ora.</numerusform>
        </translation>
    </message>
    <message>
        <source>No deferred message was waiting.</source>
        <translation>Nessun messaggio rinviato era in attesa.</translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more</source>
        <translation>
            <numerusform>… e %Ln altro</numerusform>
            <numerusform>… e altri %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln selected recipient(s) (is|are) on the suppression list, so Staffetta will not send to (it|them):</source>
        <translation>
            <numerusform>%Ln destinatario selezionato è nella lista di esclusione, quindi Staffetta non gli scriverà:</numerusform>
            <numerusform>%Ln destinatari selezionati sono nella lista di esclusione, quindi Staffetta non scriverà loro:</numerusform>
        </translation>
    </message>
    <message>
        <source>To send anyway, reactivate the contact in Contacts first.</source>
        <translation>Per inviare comunque, riattiva prima il contatto in Contatti.</translation>
    </message>
    <message>
        <source>Nothing to retry</source>
        <translation>Niente da riprovare</translation>
    </message>
    <message>
        <source>Retry the others?</source>
        <translation>Riprovare gli altri?</translation>
    </message>
    <message numerus="yes">
        <source>Retry the other %Ln message(s)?</source>
        <translation>
            <numerusform>Riprovare l&apos;altro messaggio?</numerusform>
            <numerusform>Riprovare gli altri %Ln messaggi?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln message(s) queued again.</source>
        <translation>
            <numerusform>%Ln messaggio rimesso in coda.</numerusform>
            <numerusform>%Ln messaggi rimessi in coda.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln message(s) marked sent.</source>
        <translation>
            <numerusform>%Ln messaggio segnato come inviato.</numerusform>
            <numerusform>%Ln messaggi segnati come inviati.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln message(s) held.</source>
        <translation>
            <numerusform>%Ln messaggio trattenuto.</numerusform>
            <numerusform>%Ln messaggi trattenuti.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln message(s) released.</source>
        <translation>
            <numerusform>%Ln messaggio rilasciato.</numerusform>
            <numerusform>%Ln messaggi rilasciati.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete messages</source>
        <translation>Elimina messaggi</translation>
    </message>
    <message numerus="yes">
        <source>Cancel %Ln unsent message(s)? (It stays|They stay) in the list as &apos;cancelled&apos;.</source>
        <translation>
            <numerusform>Annullare %Ln messaggio non inviato? Resta in elenco come &apos;annullato&apos;.</numerusform>
            <numerusform>Annullare %Ln messaggi non inviati? Restano in elenco come &apos;annullati&apos;.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln message(s) cancelled.</source>
        <translation>
            <numerusform>%Ln messaggio annullato.</numerusform>
            <numerusform>%Ln messaggi annullati.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed messages</source>
        <translation>Esporta i messaggi non recapitati</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %Ln failed message(s) to %1.</source>
        <translation>
            <numerusform>Scritto %Ln messaggio non recapitato in %1.</numerusform>
            <numerusform>Scritti %Ln messaggi non recapitati in %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueueTableModel</name>
    <message>
        <source>Campaign</source>
        <translation>Campagna</translation>
    </message>
    <message>
        <source>To</source>
        <translation>A</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Stato</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>Tentativi</translation>
    </message>
    <message>
        <source>Next try</source>
        <translation>Prossimo tentativo</translation>
    </message>
    <message>
        <source>Last reply</source>
        <translation>Ultima risposta</translation>
    </message>
    <message>
        <source>Waits for the recipient&apos;s send window: it opens %1 here.</source>
        <translation>Attende la fascia di invio del destinatario: si apre %1 qui.</translation>
    </message>
    <message>
        <source>Next try at %1 (your local time)</source>
        <translation>Prossimo tentativo il %1 (ora locale)</translation>
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
    <name>RelayBanner</name>
    <message>
        <source>Retry now</source>
        <translation>Riprova ora</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Metti in pausa</translation>
    </message>
</context>
<context>
    <name>ReturnsPanel</name>
    <message>
        <source>Bounced</source>
        <translation>Respinti</translation>
    </message>
    <message>
        <source>Soft bounces</source>
        <translation>Rimbalzi temporanei</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>Segnalazioni</translation>
    </message>
    <message>
        <source>Unsubscribed</source>
        <translation>Disiscritti</translation>
    </message>
    <message>
        <source>Accepted by the relay, then returned for good (the address does not work): never mailed again</source>
        <translation>Accettati dal server, poi respinti per sempre (l&apos;indirizzo non funziona): non riceveranno più messaggi</translation>
    </message>
    <message>
        <source>Returned for now (mailbox full, refused for a while); suppressed after a few</source>
        <translation>Respinti per ora (casella piena, rifiutati per un po&apos;); esclusi dopo alcuni</translation>
    </message>
    <message>
        <source>Reported as spam by the recipient: never mailed again</source>
        <translation>Segnalati come spam dal destinatario: non riceveranno più messaggi</translation>
    </message>
    <message>
        <source>Asked to unsubscribe by mail</source>
        <translation>Hanno chiesto la disiscrizione per email</translation>
    </message>
    <message>
        <source>Came back:</source>
        <translation>Ritornati:</translation>
    </message>
    <message>
        <source>Check mailbox now</source>
        <translation>Controlla ora la casella</translation>
    </message>
    <message>
        <source>Read the bounces, complaints and unsubscribe requests in the mailboxes</source>
        <translation>Leggi i rimbalzi, le segnalazioni e le richieste di disiscrizione nelle caselle</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Controllo in corso…</translation>
    </message>
</context>
<context>
    <name>ScheduleDialog</name>
    <message>
        <source>Reschedule the campaign</source>
        <translation>Riprogramma la campagna</translation>
    </message>
    <message>
        <source>Schedule the campaign</source>
        <translation>Pianifica la campagna</translation>
    </message>
    <message>
        <source>Reschedule</source>
        <translation>Riprogramma</translation>
    </message>
    <message>
        <source>Check and schedule</source>
        <translation>Controlla e pianifica</translation>
    </message>
    <message>
        <source>Start now</source>
        <translation>Avvia adesso</translation>
    </message>
    <message>
        <source>Start at</source>
        <translation>Inizio alle</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Fuso orario</translation>
    </message>
    <message>
        <source>Its messages are queued already; sending starts by itself at the new time, or at once with Start now.</source>
        <translation>I suoi messaggi sono già in coda; l&apos;invio parte da solo alla nuova ora, oppure subito con Avvia adesso.</translation>
    </message>
    <message>
        <source>Every recipient is checked and queued now; sending starts by itself at this time while the app (or the send command) runs on a computer that is on.</source>
        <translation>Ogni destinatario viene controllato e messo in coda ora; l’invio parte da solo a quest’ora, se l’app (o il comando send) è in esecuzione su un computer acceso.</translation>
    </message>
    <message>
        <source>Choose a time zone from the list (e.g. Europe/Rome).</source>
        <translation>Scegli un fuso orario dall&apos;elenco (ad es. Europe/Rome).</translation>
    </message>
    <message>
        <source>That time has passed: sending would start at once.</source>
        <translation>Quell&apos;ora è già passata: l&apos;invio partirebbe subito.</translation>
    </message>
    <message>
        <source>That is %1 on this computer.</source>
        <translation>Cioè %1 su questo computer.</translation>
    </message>
</context>
<context>
    <name>SegmentDialog</name>
    <message>
        <source>Filter contacts</source>
        <translation>Filtra i contatti</translation>
    </message>
    <message>
        <source>Edit segment</source>
        <translation>Modifica segmento</translation>
    </message>
    <message>
        <source>New segment</source>
        <translation>Nuovo segmento</translation>
    </message>
    <message>
        <source>only to save it as a segment campaigns can send to</source>
        <translation>solo per salvarlo come segmento a cui le campagne possono inviare</translation>
    </message>
    <message>
        <source>e.g. Milano gold customers</source>
        <translation>ad es. clienti gold di Milano</translation>
    </message>
    <message>
        <source>all of these conditions</source>
        <translation>tutte queste condizioni</translation>
    </message>
    <message>
        <source>any of them</source>
        <translation>almeno una</translation>
    </message>
    <message>
        <source>Contacts matching</source>
        <translation>Contatti che soddisfano</translation>
    </message>
    <message>
        <source>Add condition</source>
        <translation>Aggiungi condizione</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Conteggio…</translation>
    </message>
    <message>
        <source>Save as segment</source>
        <translation>Salva come segmento</translation>
    </message>
    <message>
        <source>Keep this filter under its name (campaigns can send to it)</source>
        <translation>Conserva questo filtro con il suo nome (le campagne possono inviargli)</translation>
    </message>
    <message>
        <source>Show contacts</source>
        <translation>Mostra i contatti</translation>
    </message>
    <message>
        <source>Show the matching contacts on the Contacts page</source>
        <translation>Mostra i contatti corrispondenti nella pagina Contatti</translation>
    </message>
    <message>
        <source>Segment name</source>
        <translation>Nome del segmento</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message numerus="yes">
        <source>%Ln contact(s) (matches|match)</source>
        <translation>
            <numerusform>%Ln contatto corrisponde</numerusform>
            <numerusform>%Ln contatti corrispondono</numerusform>
        </translation>
    </message>
    <message>
        <source> — the first %1 by address:</source>
        <translation> — i primi %1 per indirizzo:</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Stato</translation>
    </message>
    <message>
        <source>%1 Choose another name.</source>
        <translation>%1 Scegli un altro nome.</translation>
    </message>
</context>
<context>
    <name>SendChart</name>
    <message>
        <source>messages per %1: sent (green), failed (red), bounced later (orange)</source>
        <translation>messaggi ogni %1: inviati (verde), falliti (rosso), respinti in seguito (arancione)</translation>
    </message>
    <message>
        <source>No messages sent yet</source>
        <translation>Nessun messaggio inviato finora</translation>
    </message>
</context>
<context>
    <name>SenderService</name>
    <message>
        <source>Not sending here: %1; this window takes over when it stops</source>
        <translation>Qui non si invia: %1; questa finestra subentra quando si ferma</translation>
    </message>
    <message>
        <source>The other sender stopped: sending from here.</source>
        <translation>L&apos;altro invio si è fermato: ora si invia da qui.</translation>
    </message>
    <message>
        <source>%1 were in flight when Staffetta last stopped; marked &apos;unknown&apos; in the Queue.</source>
        <translation>%1 erano in viaggio quando Staffetta si è fermata l&apos;ultima volta; segnati come &apos;incerti&apos; nella Coda.</translation>
    </message>
    <message>
        <source>1 message was in flight when Staffetta last stopped; marked &apos;unknown&apos; in the Queue.</source>
        <translation>1 messaggio era in viaggio quando Staffetta si è fermata l&apos;ultima volta; segnato come &apos;incerto&apos; nella Coda.</translation>
    </message>
    <message>
        <source>an unexpected error (see the log)</source>
        <translation>un errore imprevisto (vedi il log)</translation>
    </message>
    <message>
        <source>stopped after %1; restarting in %2 s</source>
        <translation>fermato dopo %1; riavvio tra %2 s</translation>
    </message>
    <message>
        <source>Stop sending?</source>
        <translation>Interrompere l&apos;invio?</translation>
    </message>
    <message>
        <source>Staffetta is sending right now. Stop and quit? Messages already on their way finish first; the rest stay queued and go out next time you open Staffetta.</source>
        <translation>Staffetta sta inviando in questo momento. Interrompere e uscire? I messaggi già in viaggio finiscono prima; gli altri restano in coda e partono la prossima volta che apri Staffetta.</translation>
    </message>
    <message>
        <source>Campaign %1 paused: %2</source>
        <translation>Campagna %1 in pausa: %2</translation>
    </message>
    <message>
        <source>Campaign %1 finished.</source>
        <translation>Campagna %1 terminata.</translation>
    </message>
    <message>
        <source>slowed down because %1</source>
        <translation>rallentato perché %1</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Inattivo</translation>
    </message>
    <message>
        <source>Sender stopped</source>
        <translation>Invio fermo</translation>
    </message>
    <message>
        <source>Sending %1/s</source>
        <translation>Invio %1/s</translation>
    </message>
    <message>
        <source>%1 to go</source>
        <translation>%1 da inviare</translation>
    </message>
    <message>
        <source>about %1 left</source>
        <translation>circa %1 rimanenti</translation>
    </message>
    <message>
        <source>Waiting to retry deferred messages</source>
        <translation>In attesa di riprovare i messaggi rinviati</translation>
    </message>
    <message>
        <source> (+%1 more)</source>
        <translation> (+%1 altre)</translation>
    </message>
    <message>
        <source>Paused: %1%2: %3</source>
        <translation>In pausa: %1%2: %3</translation>
    </message>
</context>
<context>
    <name>SendersModel</name>
    <message>
        <source>Sending</source>
        <translation>Sta inviando</translation>
    </message>
    <message>
        <source>Idle (nothing to send)</source>
        <translation>In attesa (niente da inviare)</translation>
    </message>
    <message>
        <source>No heartbeat for %1</source>
        <translation>Nessun segnale da %1</translation>
    </message>
    <message>
        <source>Lost (stopped answering)</source>
        <translation>Perso (ha smesso di rispondere)</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Fermato</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>Mittente</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>Computer</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Da</translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation>Profili</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>Campagne</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Ultimo segnale</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stato</translation>
    </message>
    <message>
        <source>%1 in the last minute</source>
        <translation>%1 nell&apos;ultimo minuto</translation>
    </message>
    <message>
        <source>(this window)</source>
        <translation>(questa finestra)</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>adesso</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation>%1 fa</translation>
    </message>
    <message>
        <source>%1, process %2 on %3</source>
        <translation>%1, processo %2 su %3</translation>
    </message>
</context>
<context>
    <name>SendersPage</name>
    <message>
        <source>No sender is working on this team database. Campaigns wait in the queue until one starts: this window sends while it is open, and a server runs “staffetta send” (see the README&apos;s team section).</source>
        <translation>Nessun mittente lavora su questo database del team. Le campagne aspettano in coda finché uno non parte: questa finestra invia finché è aperta, e un server esegue “staffetta send” (vedi la sezione sul team nel README).</translation>
    </message>
    <message>
        <source>Senders</source>
        <translation>Mittenti</translation>
    </message>
    <message>
        <source>Every computer sending from this team database. Each SMTP profile is sent through by one sender at a time; when a sender stops, another takes its profiles over.</source>
        <translation>Tutti i computer che inviano da questo database del team. Ogni profilo SMTP è usato da un mittente alla volta; quando un mittente si ferma, un altro prende i suoi profili.</translation>
    </message>
    <message>
        <source>Working: %1</source>
        <translation>Attivi: %1</translation>
    </message>
    <message>
        <source>Sending: %1</source>
        <translation>Stanno inviando: %1</translation>
    </message>
    <message>
        <source>Not answering: %1</source>
        <translation>Non rispondono: %1</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>New profile…</source>
        <translation>Nuovo profilo…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Elimina…</translation>
    </message>
    <message>
        <source>Delete the selected profile (one no campaign uses)</source>
        <translation>Elimina il profilo selezionato (se nessuna campagna lo usa)</translation>
    </message>
    <message>
        <source>SMTP profiles</source>
        <translation>Profili SMTP</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Salva</translation>
    </message>
    <message>
        <source>Where Staffetta keeps things</source>
        <translation>Dove Staffetta conserva i dati</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Dati</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Registri</translation>
    </message>
    <message>
        <source>Passwords</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>System keyring</source>
        <translation>Portachiavi di sistema</translation>
    </message>
    <message>
        <source>Memory only (no keyring found)</source>
        <translation>Solo in memoria (nessun portachiavi trovato)</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Impostazioni</translation>
    </message>
    <message>
        <source>SMTP profiles: where your mail goes, how securely, and how fast your provider lets it go. Hover over a field for what it means.</source>
        <translation>Profili SMTP: dove va la tua posta, con quale sicurezza e con quale velocità il tuo provider la lascia partire. Passa il mouse su un campo per sapere cosa significa.</translation>
    </message>
    <message>
        <source>Delete profile</source>
        <translation>Elimina profilo</translation>
    </message>
    <message>
        <source>Delete the SMTP profile &apos;%1&apos;?</source>
        <translation>Eliminare il profilo SMTP &apos;%1&apos;?</translation>
    </message>
    <message>
        <source>Deleted the profile &apos;%1&apos;.</source>
        <translation>Profilo &apos;%1&apos; eliminato.</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Apri</translation>
    </message>
    <message>
        <source>Open this folder in your file manager</source>
        <translation>Apri questa cartella nel gestore dei file</translation>
    </message>
</context>
<context>
    <name>SmtpStep</name>
    <message>
        <source>connect</source>
        <translation>connessione</translation>
    </message>
    <message>
        <source>greeting</source>
        <translation>benvenuto</translation>
    </message>
    <message>
        <source>ehlo</source>
        <translation>ehlo</translation>
    </message>
    <message>
        <source>starttls</source>
        <translation>starttls</translation>
    </message>
    <message>
        <source>auth</source>
        <translation>autenticazione</translation>
    </message>
    <message>
        <source>mail</source>
        <translation>mittente</translation>
    </message>
    <message>
        <source>rcpt</source>
        <translation>destinatario</translation>
    </message>
    <message>
        <source>data</source>
        <translation>dati</translation>
    </message>
    <message>
        <source>returned</source>
        <translation>ritorno</translation>
    </message>
</context>
<context>
    <name>SourcePicker</name>
    <message>
        <source>Segment: %1</source>
        <translation>Segmento: %1</translation>
    </message>
</context>
<context>
    <name>StartDialog</name>
    <message>
        <source>The profile %1 has no rate limit: sending takes as long as the relay needs.</source>
        <translation>Il profilo %1 non ha un limite di velocità: l&apos;invio dura quanto serve al relay.</translation>
    </message>
    <message>
        <source>1 message a second</source>
        <translation>1 messaggio al secondo</translation>
    </message>
    <message>
        <source>%1 messages a second</source>
        <translation>%1 messaggi al secondo</translation>
    </message>
    <message>
        <source>At %1 this takes about %2 (done around %3).</source>
        <translation>A %1 servono circa %2 (fine verso le %3).</translation>
    </message>
    <message>
        <source>Start %1</source>
        <translation>Avvia %1</translation>
    </message>
    <message>
        <source>Send &lt;b&gt;%1&lt;/b&gt; to &lt;b&gt;%2&lt;/b&gt; from %3, through the SMTP profile &lt;b&gt;%4&lt;/b&gt; (%5:%6).&lt;br&gt;&lt;br&gt;%7&lt;br&gt;%8</source>
        <translation>Invia &lt;b&gt;%1&lt;/b&gt; a &lt;b&gt;%2&lt;/b&gt; da %3, tramite il profilo SMTP &lt;b&gt;%4&lt;/b&gt; (%5:%6).&lt;br&gt;&lt;br&gt;%7&lt;br&gt;%8</translation>
    </message>
    <message>
        <source>Start sending</source>
        <translation>Avvia l&apos;invio</translation>
    </message>
    <message>
        <source>The campaign cannot start</source>
        <translation>La campagna non può partire</translation>
    </message>
    <message numerus="yes">
        <source>%Ln recipient(s) would get a broken message, so nothing was queued. Fix the template or the contacts, then start again.</source>
        <translation>
            <numerusform>%Ln destinatario riceverebbe un messaggio difettoso, quindi non è stato messo in coda nulla. Correggi il modello o i contatti, poi avvia di nuovo.</numerusform>
            <numerusform>%Ln destinatari riceverebbero un messaggio difettoso, quindi non è stato messo in coda nulla. Correggi il modello o i contatti, poi avvia di nuovo.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln contact(s) skipped: %1.</source>
        <translation>
            <numerusform>%Ln contatto saltato: %1.</numerusform>
            <numerusform>%Ln contatti saltati: %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>(e.g. %1)</source>
        <translation>(per esempio %1)</translation>
    </message>
    <message numerus="yes">
        <source>%Ln excluded</source>
        <translation>
            <numerusform>%Ln escluso</numerusform>
            <numerusform>%Ln esclusi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln on the suppression list</source>
        <translation>
            <numerusform>%Ln nell&apos;elenco di esclusione</numerusform>
            <numerusform>%Ln nell&apos;elenco di esclusione</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln unsubscribed</source>
        <translation>
            <numerusform>%Ln disiscritto</numerusform>
            <numerusform>%Ln disiscritti</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln bounced before</source>
        <translation>
            <numerusform>%Ln già rimbalzato</numerusform>
            <numerusform>%Ln già rimbalzati</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln marked a message as spam</source>
        <translation>
            <numerusform>%Ln ha segnalato un messaggio come spam</numerusform>
            <numerusform>%Ln hanno segnalato un messaggio come spam</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln mailed too recently</source>
        <translation>
            <numerusform>%Ln contattato troppo di recente</numerusform>
            <numerusform>%Ln contattati troppo di recente</numerusform>
        </translation>
    </message>
    <message>
        <source>Nobody on the list is skipped.</source>
        <translation>Nessuno della lista viene saltato.</translation>
    </message>
</context>
<context>
    <name>SuppressionDetailPanel</name>
    <message>
        <source>Lift suppression…</source>
        <translation>Togli dall&apos;esclusione…</translation>
    </message>
    <message>
        <source>Take this entry off the list (asks first)</source>
        <translation>Togli questa voce dalla lista (chiede prima)</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Perché</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Dal</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>Campagna</translation>
    </message>
    <message>
        <source>Status code</source>
        <translation>Codice di stato</translation>
    </message>
    <message>
        <source>The relay said</source>
        <translation>Il relay ha risposto</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contatto</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Segnalazioni</translation>
    </message>
    <message>
        <source>%s soft bounces in a row (a full mailbox, a temporary refusal), with nothing delivered in between</source>
        <translation>%s rimbalzi temporanei di fila (casella piena, rifiuto temporaneo), senza nessuna consegna nel mezzo</translation>
    </message>
    <message>
        <source>Hard bounce: the address does not work</source>
        <translation>Rimbalzo definitivo: l&apos;indirizzo non funziona</translation>
    </message>
    <message>
        <source>Reported a message as spam</source>
        <translation>Ha segnalato un messaggio come spam</translation>
    </message>
    <message>
        <source>Asked to unsubscribe, by mail</source>
        <translation>Ha chiesto la disiscrizione, per email</translation>
    </message>
    <message>
        <source>The relay refused the address while sending</source>
        <translation>Il relay ha rifiutato l&apos;indirizzo durante l&apos;invio</translation>
    </message>
    <message>
        <source>Select an entry to see why it is on the list.</source>
        <translation>Seleziona una voce per vedere perché è nella lista.</translation>
    </message>
    <message>
        <source>%s gets no mail: its domain is on the list (%s)</source>
        <translation>%s non riceve posta: il suo dominio è nella lista (%s)</translation>
    </message>
    <message>
        <source>No address at %s gets mail</source>
        <translation>Nessun indirizzo di %s riceve posta</translation>
    </message>
    <message>
        <source>%s gets no mail</source>
        <translation>%s non riceve posta</translation>
    </message>
    <message>
        <source>%s (the message left %s)</source>
        <translation>%s (il messaggio è partito il %s)</translation>
    </message>
    <message>
        <source>No contact has this address</source>
        <translation>Nessun contatto ha questo indirizzo</translation>
    </message>
    <message>
        <source>Lift the domain entry…</source>
        <translation>Togli la voce del dominio…</translation>
    </message>
    <message>
        <source>hard bounce</source>
        <translation>rimbalzo definitivo</translation>
    </message>
    <message>
        <source>soft bounce</source>
        <translation>rimbalzo temporaneo</translation>
    </message>
    <message>
        <source>complaint</source>
        <translation>segnalazione di spam</translation>
    </message>
    <message>
        <source>unsubscribe request</source>
        <translation>richiesta di disiscrizione</translation>
    </message>
    <message>
        <source>Every address at %s will be mailed again by the next campaign.</source>
        <translation>La prossima campagna scriverà di nuovo a ogni indirizzo di %s.</translation>
    </message>
    <message>
        <source>%s asked for no more mail (%s): the contact stays so and still gets none; only the list entry goes.</source>
        <translation>%s ha chiesto di non ricevere più posta (%s): il contatto resta così e continua a non riceverne; se ne va solo la voce della lista.</translation>
    </message>
    <message>
        <source>The next campaign will send to %s again. If the address still does not work, that message bounces too, and bounces hurt your sender reputation.</source>
        <translation>La prossima campagna scriverà di nuovo a %s. Se l&apos;indirizzo non funziona ancora, anche quel messaggio tornerà indietro, e i rimbalzi danneggiano la tua reputazione di mittente.</translation>
    </message>
    <message>
        <source>The next campaign will send to %s again.</source>
        <translation>La prossima campagna scriverà di nuovo a %s.</translation>
    </message>
    <message>
        <source>Lift the suppression</source>
        <translation>Togli dall&apos;esclusione</translation>
    </message>
    <message>
        <source>Take %s off the suppression list?</source>
        <translation>Togliere %s dalla lista di esclusione?</translation>
    </message>
    <message>
        <source>Lift</source>
        <translation>Togli</translation>
    </message>
    <message>
        <source>%s is off the suppression list.</source>
        <translation>%s non è più nella lista di esclusione.</translation>
    </message>
</context>
<context>
    <name>SuppressionModel</name>
    <message>
        <source>Address or domain</source>
        <translation>Indirizzo o dominio</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Dal</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>Campagna</translation>
    </message>
</context>
<context>
    <name>SuppressionsPage</name>
    <message>
        <source>Search addresses…</source>
        <translation>Cerca indirizzi…</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>Importa CSV…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Esporta…</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Aggiungi…</translation>
    </message>
    <message>
        <source>Addresses or @domain entries, separated by commas</source>
        <translation>Indirizzi o voci @dominio, separati da virgole</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Rimuovi</translation>
    </message>
    <message>
        <source>Check mailboxes now</source>
        <translation>Controlla ora le caselle</translation>
    </message>
    <message>
        <source>Read the bounces, complaints and unsubscribe requests that came back</source>
        <translation>Leggi i rimbalzi, le segnalazioni e le richieste di disiscrizione arrivate</translation>
    </message>
    <message>
        <source>Suppression list</source>
        <translation>Lista di esclusione</translation>
    </message>
    <message>
        <source>Addresses no campaign sends to: hard bounces, complaints, unsubscribe requests and the ones you add. An entry @example.org blocks the whole domain.</source>
        <translation>Indirizzi a cui nessuna campagna invia: rimbalzi definitivi, segnalazioni, richieste di disiscrizione e quelli che aggiungi tu. Una voce @example.org blocca l&apos;intero dominio.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln (entry|entries)</source>
        <translation>
            <numerusform>%Ln voce</numerusform>
            <numerusform>%Ln voci</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln (entry|entries) selected: Remove takes them all off the list.</source>
        <translation>
            <numerusform>%Ln voce selezionata: Rimuovi la toglie dall&apos;elenco.</numerusform>
            <numerusform>%Ln voci selezionate: Rimuovi le toglie tutte dall&apos;elenco.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2), %3.</source>
        <translation>%1 (%2), %3.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln (entry|entries) added</source>
        <translation>
            <numerusform>%Ln voce aggiunta</numerusform>
            <numerusform>%Ln voci aggiunte</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln domain(s)</source>
        <translation>
            <numerusform>%Ln dominio</numerusform>
            <numerusform>%Ln domini</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln already on the list</source>
        <translation>
            <numerusform>%Ln già nell&apos;elenco</numerusform>
            <numerusform>%Ln già nell&apos;elenco</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) skipped (first: line %1, %2).</source>
        <translation>
            <numerusform>%Ln riga saltata (la prima: riga %1, %2).</numerusform>
            <numerusform>%Ln righe saltate (la prima: riga %1, %2).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln (entry|entries) written to %1.</source>
        <translation>
            <numerusform>%Ln voce scritta in %1.</numerusform>
            <numerusform>%Ln voci scritte in %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln (entry|entries) added.</source>
        <translation>
            <numerusform>%Ln voce aggiunta.</numerusform>
            <numerusform>%Ln voci aggiunte.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln (entry|entries) removed.</source>
        <translation>
            <numerusform>%Ln voce rimossa.</numerusform>
            <numerusform>%Ln voci rimosse.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln of them (stays|stay) unsubscribed or complained: that was the person&apos;s own wish.</source>
        <translation>
            <numerusform>%Ln di loro resta disiscritto o ha segnalato spam: era una sua scelta.</numerusform>
            <numerusform>%Ln di loro restano disiscritti o hanno segnalato spam: era una loro scelta.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2, %3, %4, %5, %6.</source>
        <translation>%1: %2, %3, %4, %5, %6.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln new mail(s)</source>
        <translation>
            <numerusform>%Ln nuovo messaggio</numerusform>
            <numerusform>%Ln nuovi messaggi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln bounce(s)</source>
        <translation>
            <numerusform>%Ln rimbalzo</numerusform>
            <numerusform>%Ln rimbalzi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln soft bounce(s)</source>
        <translation>
            <numerusform>%Ln rimbalzo temporaneo</numerusform>
            <numerusform>%Ln rimbalzi temporanei</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln complaint(s)</source>
        <translation>
            <numerusform>%Ln segnalazione</numerusform>
            <numerusform>%Ln segnalazioni</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln unsubscribe(s)</source>
        <translation>
            <numerusform>%Ln disiscrizione</numerusform>
            <numerusform>%Ln disiscrizioni</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln left alone</source>
        <translation>
            <numerusform>%Ln lasciato stare</numerusform>
            <numerusform>%Ln lasciati stare</numerusform>
        </translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt)</source>
        <translation>File CSV (*.csv *.txt)</translation>
    </message>
    <message>
        <source>Import a suppression list</source>
        <translation>Importa una lista di esclusione</translation>
    </message>
    <message>
        <source>Export the suppression list</source>
        <translation>Esporta la lista di esclusione</translation>
    </message>
    <message>
        <source>Add to the suppression list</source>
        <translation>Aggiungi alla lista di esclusione</translation>
    </message>
    <message>
        <source>Addresses or @domain entries (separated by commas or spaces):</source>
        <translation>Indirizzi o voci @dominio (separati da virgole o spazi):</translation>
    </message>
    <message>
        <source>Remove from the suppression list</source>
        <translation>Rimuovi dalla lista di esclusione</translation>
    </message>
    <message>
        <source>Send to these addresses again?

%s</source>
        <translation>Inviare di nuovo a questi indirizzi?

%s</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Controllo in corso…</translation>
    </message>
    <message>
        <source>%s: %s</source>
        <translation>%s: %s</translation>
    </message>
</context>
<context>
    <name>TeamDatabase</name>
    <message>
        <source>The server did not answer within %1 seconds.</source>
        <translation>Il server non ha risposto entro %1 secondi.</translation>
    </message>
    <message>
        <source>Check the network connection, and that the server is running.</source>
        <translation>Controlla la connessione di rete e che il server sia in funzione.</translation>
    </message>
    <message>
        <source>Connecting to the team database %1…</source>
        <translation>Connessione al database del team %1…</translation>
    </message>
    <message>
        <source>Open the desktop database</source>
        <translation>Apri il database del computer</translation>
    </message>
    <message>
        <source>The team database at %1 is not reachable: %2</source>
        <translation>Il database del team su %1 non è raggiungibile: %2</translation>
    </message>
    <message>
        <source>Retry, or work on the database on this computer for now: File → Open team database… opens the team one again.</source>
        <translation>Riprova, oppure per ora lavora sul database di questo computer: File → Apri database del team… riapre quello del team.</translation>
    </message>
    <message>
        <source>Open &amp;team database…</source>
        <translation>Apri database del &amp;team…</translation>
    </message>
    <message>
        <source>Share contacts, campaigns and the queue with a team on a PostgreSQL server</source>
        <translation>Condividi contatti, campagne e coda con un team su un server PostgreSQL</translation>
    </message>
    <message>
        <source>Open &amp;desktop database</source>
        <translation>Apri il database del &amp;computer</translation>
    </message>
    <message>
        <source>Go back to the database on this computer</source>
        <translation>Torna al database su questo computer</translation>
    </message>
    <message>
        <source>%1 — team database %2</source>
        <translation>%1 — database del team %2</translation>
    </message>
    <message>
        <source>Team database: %1</source>
        <translation>Database del team: %1</translation>
    </message>
    <message>
        <source>%1 as user %2</source>
        <translation>%1 come utente %2</translation>
    </message>
    <message>
        <source>Desktop database</source>
        <translation>Database del computer</translation>
    </message>
    <message>
        <source>Senders</source>
        <translation>Mittenti</translation>
    </message>
    <message>
        <source>Stop sending here?</source>
        <translation>Smettere di inviare da qui?</translation>
    </message>
    <message>
        <source>This window is sending right now. Stop and open the other database? Messages already on their way finish first; the rest stay queued and go out when a sender works on this database again.</source>
        <translation>Questa finestra sta inviando. Fermarsi e aprire l&apos;altro database? I messaggi già in viaggio terminano prima; gli altri restano in coda e partono quando un mittente lavora di nuovo su questo database.</translation>
    </message>
    <message>
        <source>Opening the other database…</source>
        <translation>Apertura dell&apos;altro database…</translation>
    </message>
</context>
<context>
    <name>TeamDatabaseDialog</name>
    <message>
        <source>Open team database</source>
        <translation>Apri database del team</translation>
    </message>
    <message>
        <source>A team shares one contact base and one queue in a PostgreSQL database; several computers can send from it at once. Ask whoever runs the server for its address and your login.</source>
        <translation>Un team condivide una sola base di contatti e una sola coda in un database PostgreSQL; più computer possono inviare da lì nello stesso momento. Chiedi a chi gestisce il server l&apos;indirizzo e le tue credenziali.</translation>
    </message>
    <message>
        <source>postgresql://user@host:5432/database</source>
        <translation>postgresql://utente@host:5432/database</translation>
    </message>
    <message>
        <source>Paste the whole address here, or fill in the parts below.</source>
        <translation>Incolla qui l&apos;indirizzo completo, o compila le parti qui sotto.</translation>
    </message>
    <message>
        <source>db.example.com</source>
        <translation>db.example.com</translation>
    </message>
    <message>
        <source>staffetta</source>
        <translation>staffetta</translation>
    </message>
    <message>
        <source>The password is kept in this computer&apos;s keyring, never in a file.</source>
        <translation>La password è conservata nel portachiavi di questo computer, mai in un file.</translation>
    </message>
    <message>
        <source>This computer has no keyring: the password is kept only until you quit.</source>
        <translation>Questo computer non ha un portachiavi: la password è conservata solo fino all&apos;uscita.</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Indirizzo</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Porta</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utente</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Apri</translation>
    </message>
    <message>
        <source>unchanged (kept in the keyring)</source>
        <translation>invariata (conservata nel portachiavi)</translation>
    </message>
    <message>
        <source>the user&apos;s password</source>
        <translation>la password dell&apos;utente</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Connessione a %1…</translation>
    </message>
    <message>
        <source>Not opened: the database was left as it is.</source>
        <translation>Non aperto: il database è rimasto com’era.</translation>
    </message>
    <message>
        <source>%1 was made by an older Staffetta (schema %2). Opening it upgrades it to schema %3; senders still running the older version must be updated.</source>
        <translation>%1 è stato creato da uno Staffetta più vecchio (schema %2). Aprirlo lo aggiorna allo schema %3; i mittenti che usano ancora la versione vecchia vanno aggiornati.</translation>
    </message>
    <message>
        <source>Upgrade the team database?</source>
        <translation>Aggiornare il database del team?</translation>
    </message>
    <message>
        <source>Upgrade and open</source>
        <translation>Aggiorna e apri</translation>
    </message>
</context>
<context>
    <name>TemplatesPage</name>
    <message>
        <source>New</source>
        <translation>Nuova</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Duplica</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Elimina…</translation>
    </message>
    <message>
        <source>Hello {{ first_name }}, …</source>
        <translation>Ciao {{ first_name }}, …</translation>
    </message>
    <message>
        <source>Click to insert at the cursor</source>
        <translation>Clicca per inserire nel punto del cursore</translation>
    </message>
    <message>
        <source>Test send…</source>
        <translation>Invio di prova…</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Salva</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>Salva (Ctrl+S)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Oggetto</translation>
    </message>
    <message>
        <source>Variables from the chosen list (click to insert):</source>
        <translation>Variabili della lista scelta (clicca per inserire):</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Anteprima</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Testo</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>Intestazioni</translation>
    </message>
    <message>
        <source>List</source>
        <translation>Lista</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contatto</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>Modelli</translation>
    </message>
    <message>
        <source>Write the email once with {{ variables }} from your contact columns; errors show at their line as you type, the preview renders for a real contact.</source>
        <translation>Scrivi l&apos;email una volta sola con le {{ variabili }} delle colonne dei tuoi contatti; gli errori compaiono alla loro riga mentre scrivi, l&apos;anteprima mostra il messaggio per un contatto reale.</translation>
    </message>
    <message>
        <source>Every contact</source>
        <translation>Ogni contatto</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Modifiche non salvate</translation>
    </message>
    <message>
        <source>Save the changes to %1?</source>
        <translation>Salvare le modifiche a %1?</translation>
    </message>
    <message>
        <source>%1 = %2 for this contact — click to insert</source>
        <translation>%1 = %2 per questo contatto — clicca per inserire</translation>
    </message>
    <message>
        <source>&lt;p style=&apos;color:gray&apos;&gt;No preview for %1: see the message under the editor.&lt;/p&gt;</source>
        <translation>&lt;p style=&apos;color:gray&apos;&gt;Nessuna anteprima per %1: vedi il messaggio sotto l&apos;editor.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Cannot render for %1.</source>
        <translation>Impossibile comporre il messaggio per %1.</translation>
    </message>
    <message>
        <source>Rendered for %1 · %2 KB</source>
        <translation>Composto per %1 · %2 KB</translation>
    </message>
    <message>
        <source>Template %1 saved.</source>
        <translation>Modello %1 salvato.</translation>
    </message>
    <message>
        <source>New template</source>
        <translation>Nuovo modello</translation>
    </message>
    <message>
        <source>%1 copy</source>
        <translation>%1 copia</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Modello</translation>
    </message>
    <message>
        <source>Delete the template %1?</source>
        <translation>Eliminare il modello %1?</translation>
    </message>
    <message>
        <source>1 campaign uses it: campaigns already started keep their copy, drafts will need another template.</source>
        <translation>Lo usa 1 campagna: le campagne già avviate conservano la loro copia, le bozze avranno bisogno di un altro modello.</translation>
    </message>
    <message>
        <source>%1 use it: campaigns already started keep their copy, drafts will need another template.</source>
        <translation>Lo usano %1: le campagne già avviate conservano la loro copia, le bozze avranno bisogno di un altro modello.</translation>
    </message>
    <message>
        <source>Delete template</source>
        <translation>Elimina modello</translation>
    </message>
</context>
<context>
    <name>TestSendDialog</name>
    <message>
        <source>Test send: %1</source>
        <translation>Invio di prova: %1</translation>
    </message>
    <message>
        <source>Test send</source>
        <translation>Invio di prova</translation>
    </message>
    <message>
        <source>you@example.com, colleague@example.com</source>
        <translation>tu@example.com, collega@example.com</translation>
    </message>
    <message>
        <source>One or several addresses, separated by commas</source>
        <translation>Uno o più indirizzi, separati da virgole</translation>
    </message>
    <message>
        <source>Send to</source>
        <translation>Invia a</translation>
    </message>
    <message>
        <source>Through</source>
        <translation>Tramite</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Da</translation>
    </message>
    <message>
        <source>Render as</source>
        <translation>Componi come</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Invia</translation>
    </message>
    <message>
        <source>Open the Test inbox</source>
        <translation>Apri la Casella di prova</translation>
    </message>
    <message>
        <source>Sending to %1…</source>
        <translation>Invio a %1…</translation>
    </message>
    <message>
        <source>Sent %1 to %2, rendered for %3.</source>
        <translation>Inviate %1 a %2, composte per %3.</translation>
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
        <source>At %1: %2 — %3.</source>
        <translation>Al passo %1: %2 — %3.</translation>
    </message>
    <message>
        <source>%1 on %2:%3</source>
        <translation>%1 su %2:%3</translation>
    </message>
    <message>
        <source>The %1 fails to render for %2: %3.</source>
        <translation>Non si riesce a comporre il testo (%1) per %2: %3.</translation>
    </message>
    <message>
        <source>The %1 grows beyond %2 MB for %3.</source>
        <translation>Il testo (%1) supera %2 MB per %3.</translation>
    </message>
    <message>
        <source>The %1 was stopped by the template sandbox for %2: %3.</source>
        <translation>Il testo (%1) è stato fermato dalla sandbox dei modelli per %2: %3.</translation>
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
        <source>No text part was written; Staffetta derives one from the %1.</source>
        <translation>Non è stata scritta una parte di testo; Staffetta la ricava dalla parte %1.</translation>
    </message>
    <message>
        <source>Check it in the preview.</source>
        <translation>Controllala nell&apos;anteprima.</translation>
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
        <source>%1 recipient inside their window now</source>
        <translation>%1 destinatario ora dentro la sua fascia</translation>
    </message>
    <message>
        <source>%1 recipients inside their window now</source>
        <translation>%1 destinatari ora dentro la loro fascia</translation>
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
        <source>The user %1 may not %2 in the database %3.</source>
        <translation>L&apos;utente %1 non può %2 nel database %3.</translation>
    </message>
    <message>
        <source>The warm-up %1 is not a list of daily caps.</source>
        <translation>Il riscaldamento %1 non è un elenco di tetti giornalieri.</translation>
    </message>
    <message>
        <source>The weight of %1 must be between 1 and 1000.</source>
        <translation>Il peso di %1 deve essere tra 1 e 1000.</translation>
    </message>
    <message>
        <source>The window or another `sandbox` may already run it there; otherwise choose another port with --port.</source>
        <translation>La finestra o un altro `sandbox` potrebbe già usarla lì; altrimenti scegli un&apos;altra porta con --port.</translation>
    </message>
    <message>
        <source>There is no SMTP profile named %1.</source>
        <translation>Non esiste un profilo SMTP chiamato %1.</translation>
    </message>
    <message>
        <source>There is no campaign named %1.</source>
        <translation>Non esiste una campagna chiamata %1.</translation>
    </message>
    <message>
        <source>There is no contact list named %1 (in %2).</source>
        <translation>Non esiste una lista di contatti chiamata %1 (in %2).</translation>
    </message>
    <message>
        <source>There is no contact list named %1.</source>
        <translation>Non esiste una lista di contatti chiamata %1.</translation>
    </message>
    <message>
        <source>There is no database file %1.</source>
        <translation>Non esiste il file di database %1.</translation>
    </message>
    <message>
        <source>There is no field %1 (in %2).</source>
        <translation>Non esiste il campo %1 (in %2).</translation>
    </message>
    <message>
        <source>There is no folder %1 in the mailbox %2@%3.</source>
        <translation>Non esiste la cartella %1 nella casella %2@%3.</translation>
    </message>
    <message>
        <source>There is no segment named %1.</source>
        <translation>Non esiste un segmento chiamato %1.</translation>
    </message>
    <message>
        <source>There is no template named %1.</source>
        <translation>Non esiste un modello chiamato %1.</translation>
    </message>
    <message>
        <source>This SMTP profile no longer exists.</source>
        <translation>Questo profilo SMTP non esiste più.</translation>
    </message>
    <message>
        <source>This campaign no longer exists.</source>
        <translation>Questa campagna non esiste più.</translation>
    </message>
    <message>
        <source>This contact no longer exists.</source>
        <translation>Questo contatto non esiste più.</translation>
    </message>
    <message>
        <source>This database was written by a newer Staffetta (schema %1, this version knows %2).</source>
        <translation>Questo database è stato scritto da uno Staffetta più recente (schema %1, questa versione conosce il %2).</translation>
    </message>
    <message>
        <source>This segment no longer exists.</source>
        <translation>Questo segmento non esiste più.</translation>
    </message>
    <message>
        <source>This template no longer exists.</source>
        <translation>Questo modello non esiste più.</translation>
    </message>
    <message>
        <source>Try utf-8, cp1252, latin-1 or utf-16.</source>
        <translation>Prova utf-8, cp1252, latin-1 o utf-16.</translation>
    </message>
    <message>
        <source>Two fields are called %1.</source>
        <translation>Due campi si chiamano %1.</translation>
    </message>
    <message>
        <source>Type a name you will recognise.</source>
        <translation>Scrivi un nome che riconoscerai.</translation>
    </message>
    <message>
        <source>Type at least one address to send the test to.</source>
        <translation>Scrivi almeno un indirizzo a cui inviare la prova.</translation>
    </message>
    <message>
        <source>Type it as name@example.com.</source>
        <translation>Scrivilo come nome@example.com.</translation>
    </message>
    <message>
        <source>Type it in the box above instead.</source>
        <translation>Scrivilo invece nella casella qui sopra.</translation>
    </message>
    <message>
        <source>Type the mailbox password to test the connection.</source>
        <translation>Scrivi la password della casella per provare la connessione.</translation>
    </message>
    <message>
        <source>Type the password.</source>
        <translation>Scrivi la password.</translation>
    </message>
    <message>
        <source>Unexpected end of template</source>
        <translation>Fine inattesa del modello</translation>
    </message>
    <message>
        <source>Unknown encoding %1.</source>
        <translation>Codifica sconosciuta %1.</translation>
    </message>
    <message>
        <source>Unknown security mode %1.</source>
        <translation>Modalità di sicurezza sconosciuta %1.</translation>
    </message>
    <message>
        <source>Unknown status %1.</source>
        <translation>Stato sconosciuto %1.</translation>
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
        <source>Update Staffetta on this computer, then open it again.</source>
        <translation>Aggiorna Staffetta su questo computer, poi aprilo di nuovo.</translation>
    </message>
    <message>
        <source>Update Staffetta, or open another database with --db.</source>
        <translation>Aggiorna Staffetta, o apri un altro database con --db.</translation>
    </message>
    <message>
        <source>Upgrading the database left %1 broken reference(s).</source>
        <translation>L&apos;aggiornamento del database ha lasciato %1 riferimenti non validi.</translation>
    </message>
    <message>
        <source>Use , ; | or tab.</source>
        <translation>Usa , ; | o tab.</translation>
    </message>
    <message>
        <source>Use --folder INBOX.</source>
        <translation>Usa --folder INBOX.</translation>
    </message>
    <message>
        <source>Use --security tls (port 993) or starttls (port 143); only a server on this computer may go without.</source>
        <translation>Usa --security tls (porta 993) o starttls (porta 143); solo un server su questo computer può farne a meno.</translation>
    </message>
    <message>
        <source>Use --security tls (usually port 993), or ask your provider.</source>
        <translation>Usa --security tls (di solito porta 993), o chiedi al tuo provider.</translation>
    </message>
    <message>
        <source>Use =, !=, in, contains, starts-with or ends-with for it.</source>
        <translation>Usa =, !=, in, contains, starts-with o ends-with.</translation>
    </message>
    <message>
        <source>Use =, !=, in, contains, starts-with or ends-with for text.</source>
        <translation>Per il testo usa =, !=, in, contains, starts-with o ends-with.</translation>
    </message>
    <message>
        <source>Use an IANA name such as Europe/Rome, America/New_York or UTC.</source>
        <translation>Usa un nome IANA come Europe/Rome, America/New_York o UTC.</translation>
    </message>
    <message>
        <source>Use an app password (Google Account → Security → App passwords).</source>
        <translation>Usa una password per le app (Account Google → Sicurezza → Password per le app).</translation>
    </message>
    <message>
        <source>Use e.g. 3d or 12h.</source>
        <translation>Usa per esempio 3d o 12h.</translation>
    </message>
    <message>
        <source>Use none, starttls or tls.</source>
        <translation>Usa none, starttls o tls.</translation>
    </message>
    <message>
        <source>Use one of the list&apos;s columns, or give it a default: {{ %1 | default(&apos;&apos;) }}.</source>
        <translation>Usa una delle colonne della lista, o dalle un valore predefinito: {{ %1 | default(&apos;&apos;) }}.</translation>
    </message>
    <message>
        <source>Use one of: %1</source>
        <translation>Usa uno di questi: %1</translation>
    </message>
    <message>
        <source>Use resume for a paused campaign.</source>
        <translation>Per una campagna in pausa usa Riprendi.</translation>
    </message>
    <message>
        <source>Use security starttls or tls; only for a relay inside a network you trust, allow it with %1.</source>
        <translation>Usa la sicurezza starttls o tls; solo per un relay in una rete di cui ti fidi, consentilo con %1.</translation>
    </message>
    <message>
        <source>Use the host name your provider gives for SMTP (the one on its certificate) as the profile&apos;s host.</source>
        <translation>Come host del profilo usa il nome che il tuo provider indica per l&apos;SMTP (quello del suo certificato).</translation>
    </message>
    <message>
        <source>Use the image&apos;s full path, or add the template from its file (template add … --html FILE).</source>
        <translation>Usa il percorso completo dell&apos;immagine, o aggiungi il modello dal suo file (template add … --html FILE).</translation>
    </message>
    <message>
        <source>Use tls, starttls or none.</source>
        <translation>Usa tls, starttls o none.</translation>
    </message>
    <message>
        <source>Waiting to be sent.</source>
        <translation>In attesa di essere inviato.</translation>
    </message>
    <message>
        <source>With VERP the return path must not contain &apos;+&apos; already.</source>
        <translation>Con VERP l&apos;indirizzo di ritorno non deve già contenere &apos;+&apos;.</translation>
    </message>
    <message>
        <source>Write FIELD OP VALUE, e.g. &quot;city = Milano&quot;; operators: %1.</source>
        <translation>Scrivi CAMPO OP VALORE, per esempio &quot;city = Milano&quot;; operatori: %1.</translation>
    </message>
    <message>
        <source>Write a number and a unit: 3d (days), 12h (hours), 30m (minutes), 2w (weeks), or combine them, e.g. 1d12h.</source>
        <translation>Scrivi un numero e un&apos;unità: 3d (giorni), 12h (ore), 30m (minuti), 2w (settimane), o combinali, per esempio 1d12h.</translation>
    </message>
    <message>
        <source>Write a number like 42 or a date like 2026-03-31.</source>
        <translation>Scrivi un numero come 42 o una data come 2026-03-31.</translation>
    </message>
    <message>
        <source>Write days and hours, e.g. &quot;mon-fri 09:00-17:30&quot;, &quot;sat 10:00-13:00&quot; or &quot;daily 08:00-20:00&quot; (days: mon tue wed thu fri sat sun, ranges with -, lists with ,).</source>
        <translation>Scrivi giorni e ore, per esempio &quot;mon-fri 09:00-17:30&quot;, &quot;sat 10:00-13:00&quot; o &quot;daily 08:00-20:00&quot; (giorni: mon tue wed thu fri sat sun, intervalli con -, elenchi con ,).</translation>
    </message>
    <message>
        <source>Write it as YYYY-MM-DD HH:MM, e.g. 2026-03-02 09:00 (optionally with an offset such as +01:00).</source>
        <translation>Scrivila come AAAA-MM-GG HH:MM, per esempio 2026-03-02 09:00 (eventualmente con uno scostamento come +01:00).</translation>
    </message>
    <message>
        <source>Write it as YYYY-MM-DD HH:MM.</source>
        <translation>Scrivila come AAAA-MM-GG HH:MM.</translation>
    </message>
    <message>
        <source>Write it as YYYY-MM-DD, e.g. 2026-03-31 (or YYYY-MM-DD HH:MM).</source>
        <translation>Scrivila come AAAA-MM-GG, per esempio 2026-03-31 (o AAAA-MM-GG HH:MM).</translation>
    </message>
    <message>
        <source>Write it as postgresql://USER@HOST:PORT/DATABASE.</source>
        <translation>Scrivilo come postgresql://UTENTE@HOST:PORTA/DATABASE.</translation>
    </message>
    <message>
        <source>Write it as postgresql://USER@HOST:PORT/DB.</source>
        <translation>Scrivilo come postgresql://UTENTE@HOST:PORTA/DB.</translation>
    </message>
    <message>
        <source>Write it like 42 or 3.5 (a dot for decimals, no thousands separator).</source>
        <translation>Scrivilo come 42 o 3.5 (il punto per i decimali, senza separatore delle migliaia).</translation>
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
        <source>%1 (%2 in the file, %3 copied)</source>
        <translation>%1 (%2 nel file, %3 copiati)</translation>
    </message>
    <message>
        <source>%1 came after the message was sent (it may have arrived)</source>
        <translation>%1 è arrivato dopo l&apos;invio del messaggio (potrebbe essere arrivato)</translation>
    </message>
    <message>
        <source>%1 cannot be a custom field: it is the contact&apos;s own %2.</source>
        <translation>%1 non può essere un campo personalizzato: è il %2 del contatto stesso.</translation>
    </message>
    <message>
        <source>%1 cannot be read as CSV near line %2: %3.</source>
        <translation>%1 non si legge come CSV vicino alla riga %2: %3.</translation>
    </message>
    <message>
        <source>%1 cannot hold a time zone.</source>
        <translation>%1 non può contenere un fuso orario.</translation>
    </message>
    <message>
        <source>%1 cycles, %2 outcomes, %3 claimed; per cycle %4 ms statements + %5 ms commit, slowest %6 ms</source>
        <translation>%1 cicli, %2 esiti, %3 presi in carico; per ciclo %4 ms di istruzioni + %5 ms di commit, il più lento %6 ms</translation>
    </message>
    <message>
        <source>%1 did not accept the message: %2.</source>
        <translation>%1 non ha accettato il messaggio: %2.</translation>
    </message>
    <message>
        <source>%1 does not belong inside this {% %} tag</source>
        <translation>%1 non va dentro questo tag {% %}</translation>
    </message>
    <message>
        <source>%1 does not belong inside {{ }}: a tag holds one variable (names have no spaces: first_name) or a filter after |</source>
        <translation>%1 non va dentro {{ }}: un tag contiene una variabile (i nomi non hanno spazi: first_name) o un filtro dopo |</translation>
    </message>
    <message>
        <source>%1 does not exist in %2: the clocks skip that hour for daylight saving time.</source>
        <translation>%1 non esiste in %2: quella notte gli orologi saltano un&apos;ora per l&apos;ora legale.</translation>
    </message>
    <message>
        <source>%1 happens twice in %2: the clocks go back that night.</source>
        <translation>%1 capita due volte in %2: quella notte gli orologi tornano indietro.</translation>
    </message>
    <message>
        <source>%1 has no email column (columns: %2).</source>
        <translation>%1 non ha una colonna email (colonne: %2).</translation>
    </message>
    <message>
        <source>%1 has no time of day.</source>
        <translation>%1 non ha un&apos;ora del giorno.</translation>
    </message>
    <message>
        <source>%1 holds dates, and %2 is not an ISO date (in %3).</source>
        <translation>%1 contiene date, e %2 non è una data ISO (in %3).</translation>
    </message>
    <message>
        <source>%1 holds numbers, and %2 is not a number (in %3).</source>
        <translation>%1 contiene numeri, e %2 non è un numero (in %3).</translation>
    </message>
    <message>
        <source>%1 holds text, not numbers or dates, so %2 cannot compare it (in %3).</source>
        <translation>%1 contiene testo, non numeri o date, quindi %2 non può confrontarlo (in %3).</translation>
    </message>
    <message>
        <source>%1 in the %2 is not defined%3.</source>
        <translation>%1 non è definita (%2)%3.</translation>
    </message>
    <message>
        <source>%1 in the send window %2 is not a day.</source>
        <translation>%1 nella fascia di invio %2 non è un giorno.</translation>
    </message>
    <message>
        <source>%1 in the send window %2 is not a time of day.</source>
        <translation>%1 nella fascia di invio %2 non è un&apos;ora del giorno.</translation>
    </message>
    <message>
        <source>%1 is neither a number nor an ISO date (in %2).</source>
        <translation>%1 non è né un numero né una data ISO (in %2).</translation>
    </message>
    <message>
        <source>%1 is no time at all.</source>
        <translation>%1 non è affatto un intervallo di tempo.</translation>
    </message>
    <message>
        <source>%1 is not a PostgreSQL address.</source>
        <translation>%1 non è un indirizzo PostgreSQL.</translation>
    </message>
    <message>
        <source>%1 is not a contact status (in %2).</source>
        <translation>%1 non è uno stato di contatto (in %2).</translation>
    </message>
    <message>
        <source>%1 is not a date and time.</source>
        <translation>%1 non è una data e ora.</translation>
    </message>
    <message>
        <source>%1 is not a domain entry.</source>
        <translation>%1 non è una voce di dominio.</translation>
    </message>
    <message>
        <source>%1 is not a duration.</source>
        <translation>%1 non è una durata.</translation>
    </message>
    <message>
        <source>%1 is not a single email address.</source>
        <translation>%1 non è un singolo indirizzo email.</translation>
    </message>
    <message>
        <source>%1 is not a text/CSV file: it looks like a binary file.</source>
        <translation>%1 non è un file di testo/CSV: sembra un file binario.</translation>
    </message>
    <message>
        <source>%1 is not a time zone I know.</source>
        <translation>%1 non è un fuso orario che conosco.</translation>
    </message>
    <message>
        <source>%1 is not a valid PostgreSQL address.</source>
        <translation>%1 non è un indirizzo PostgreSQL valido.</translation>
    </message>
    <message>
        <source>%1 is not a valid email address: %2</source>
        <translation>%1 non è un indirizzo email valido: %2</translation>
    </message>
    <message>
        <source>%1 is not an AWS region.</source>
        <translation>%1 non è una regione AWS.</translation>
    </message>
    <message>
        <source>%1 is not an ISO date.</source>
        <translation>%1 non è una data ISO.</translation>
    </message>
    <message>
        <source>%1 is not an address or @domain entry.</source>
        <translation>%1 non è un indirizzo né una voce @dominio.</translation>
    </message>
    <message>
        <source>%1 is not an address or @domain: %2</source>
        <translation>%1 non è un indirizzo né un @dominio: %2</translation>
    </message>
    <message>
        <source>%1 is not an email address: %2</source>
        <translation>%1 non è un indirizzo email: %2</translation>
    </message>
    <message>
        <source>%1 is not in the audience of campaign %2.</source>
        <translation>%1 non è tra i destinatari della campagna %2.</translation>
    </message>
    <message>
        <source>%1 is not readable text (%2).</source>
        <translation>%1 non è testo leggibile (%2).</translation>
    </message>
    <message>
        <source>%1 is text: %2 compares numbers or dates (in %3).</source>
        <translation>%1 è testo: %2 confronta numeri o date (in %3).</translation>
    </message>
    <message>
        <source>%1 looks like a binary file, not a CSV file.</source>
        <translation>%1 sembra un file binario, non un file CSV.</translation>
    </message>
    <message>
        <source>%1 messages in a row were refused permanently (last: %2 %3).</source>
        <translation>%1 messaggi di fila sono stati rifiutati in modo definitivo (l&apos;ultimo: %2 %3).</translation>
    </message>
    <message>
        <source>%1 soft bounces; the last: %2</source>
        <translation>%1 rimbalzi temporanei; l&apos;ultimo: %2</translation>
    </message>
    <message>
        <source>%1 takes no value (in %2).</source>
        <translation>%1 non vuole un valore (in %2).</translation>
    </message>
    <message>
        <source>%1, then the %2</source>
        <translation>%1, poi la %2</translation>
    </message>
    <message>
        <source>%1:%2 cannot be reached%3; next try in %4 s</source>
        <translation>%1:%2 non è raggiungibile%3; prossimo tentativo tra %4 s</translation>
    </message>
    <message>
        <source>%3Fix the SMTP profile, then resume.</source>
        <translation>%3Correggi il profilo SMTP, poi riprendi.</translation>
    </message>
    <message>
        <source>(it does not offer AUTH here)</source>
        <translation>(qui non offre AUTH)</translation>
    </message>
    <message>
        <source>(it offers %1)</source>
        <translation>(offre %1)</translation>
    </message>
    <message>
        <source>(local test relay)</source>
        <translation>(relay di prova locale)</translation>
    </message>
    <message>
        <source>(warm-up day %1 of %2)</source>
        <translation>(giorno di riscaldamento %1 di %2)</translation>
    </message>
    <message>
        <source>(your system user)</source>
        <translation>(il tuo utente di sistema)</translation>
    </message>
    <message>
        <source>, logged in as %1</source>
        <translation>, accesso come %1</translation>
    </message>
    <message>
        <source>250 OK: captured as message %1 in the test inbox</source>
        <translation>250 OK: ricevuto come messaggio %1 nella casella di prova</translation>
    </message>
    <message>
        <source>451 4.3.0 The test inbox could not store the message; try again</source>
        <translation>451 4.3.0 La casella di prova non ha potuto salvare il messaggio; riprova</translation>
    </message>
    <message>
        <source>; the message may have arrived, so it is not sent again on its own</source>
        <translation>; il messaggio potrebbe essere arrivato, quindi non viene reinviato da solo</translation>
    </message>
    <message>
        <source>= != contains starts-with ends-with in empty not-empty &gt; &lt; &gt;= &lt;=</source>
        <translation>= != contains starts-with ends-with in empty not-empty &gt; &lt; &gt;= &lt;=</translation>
    </message>
    <message>
        <source>A campaign named %1 already exists.</source>
        <translation>Esiste già una campagna chiamata %1.</translation>
    </message>
    <message>
        <source>A campaign needs %1 first.</source>
        <translation>Una campagna richiede prima %1.</translation>
    </message>
    <message>
        <source>A field has no name.</source>
        <translation>Un campo non ha nome.</translation>
    </message>
    <message>
        <source>A message&apos;s lifetime must be at least 60 seconds.</source>
        <translation>La durata di un messaggio deve essere di almeno 60 secondi.</translation>
    </message>
    <message>
        <source>A segment named %1 already exists.</source>
        <translation>Esiste già un segmento chiamato %1.</translation>
    </message>
    <message>
        <source>A segment needs at least one condition.</source>
        <translation>Un segmento richiede almeno una condizione.</translation>
    </message>
    <message>
        <source>A window stays within one day: for a night window write two, e.g. &quot;mon-fri 22:00-24:00&quot; and &quot;tue-sat 00:00-06:00&quot;.</source>
        <translation>Una fascia resta dentro un giorno: per una fascia notturna scrivine due, per esempio &quot;mon-fri 22:00-24:00&quot; e &quot;tue-sat 00:00-06:00&quot;.</translation>
    </message>
    <message>
        <source>APPEND refused: %1</source>
        <translation>APPEND rifiutato: %1</translation>
    </message>
    <message>
        <source>AUTH over plaintext refused</source>
        <translation>AUTH in chiaro rifiutato</translation>
    </message>
    <message>
        <source>Add --replace to change it.</source>
        <translation>Aggiungi --replace per cambiarlo.</translation>
    </message>
    <message>
        <source>Add one first.</source>
        <translation>Aggiungine uno prima.</translation>
    </message>
    <message>
        <source>Add one with segment add NAME --where &quot;FIELD OP VALUE&quot;.</source>
        <translation>Aggiungine uno con segment add NOME --where &quot;CAMPO OP VALORE&quot;.</translation>
    </message>
    <message>
        <source>Add one with smtp add.</source>
        <translation>Aggiungine uno con smtp add.</translation>
    </message>
    <message>
        <source>Add one with: mailbox set %1 --host H --port P.</source>
        <translation>Aggiungila in Impostazioni, nel riquadro «Rimbalzi e risposte (casella di posta)» del profilo %1.</translation>
    </message>
    <message>
        <source>Add one with: mailbox set PROFILE --host H --port P --username U --password-env VAR.</source>
        <translation>Aggiungine una in Impostazioni, nel riquadro «Rimbalzi e risposte (casella di posta)» di un profilo.</translation>
    </message>
    <message>
        <source>Add the offset to say which: %1%2 (the first) or %3%4 (the second).</source>
        <translation>Aggiungi lo scostamento per dire quale: %1%2 (la prima) o %3%4 (la seconda).</translation>
    </message>
    <message>
        <source>Amazon SES</source>
        <translation>Amazon SES</translation>
    </message>
    <message>
        <source>An attachment path is empty.</source>
        <translation>Un percorso di allegato è vuoto.</translation>
    </message>
    <message>
        <source>Another SMTP profile is already called %1.</source>
        <translation>Un altro profilo SMTP si chiama già %1.</translation>
    </message>
    <message>
        <source>Another Staffetta sender is already sending from this database%1</source>
        <translation>Un altro mittente Staffetta sta già inviando da questo database%1</translation>
    </message>
    <message>
        <source>Another campaign is already named %1.</source>
        <translation>Un&apos;altra campagna si chiama già %1.</translation>
    </message>
    <message>
        <source>Another contact already has the address %1.</source>
        <translation>Un altro contatto ha già l&apos;indirizzo %1.</translation>
    </message>
    <message>
        <source>Another template is already named %1.</source>
        <translation>Un altro modello si chiama già %1.</translation>
    </message>
    <message>
        <source>Ask the relay&apos;s administrator for that CA&apos;s certificate and add it with %1.</source>
        <translation>Chiedi all&apos;amministratore del relay il certificato di quella CA e aggiungilo con %1.</translation>
    </message>
    <message>
        <source>Ask the server&apos;s administrator to let that user create tables there (or to open it once as its owner).</source>
        <translation>Chiedi all&apos;amministratore del server di permettere a quell&apos;utente di creare tabelle lì (o di aprirlo una volta come suo proprietario).</translation>
    </message>
    <message>
        <source>Attempts must be at least 1.</source>
        <translation>I tentativi devono essere almeno 1.</translation>
    </message>
    <message>
        <source>Being sent right now.</source>
        <translation>In invio proprio ora.</translation>
    </message>
    <message>
        <source>Built-in test inbox</source>
        <translation>Casella di prova integrata</translation>
    </message>
    <message>
        <source>Campaign %1 has already started.</source>
        <translation>La campagna %1 è già partita.</translation>
    </message>
    <message>
        <source>Campaign %1 has already started; its audience is fixed.</source>
        <translation>La campagna %1 è già partita; i suoi destinatari sono fissati.</translation>
    </message>
    <message>
        <source>Campaign %1 has already started; its settings are frozen.</source>
        <translation>La campagna %1 è già partita; le sue impostazioni sono bloccate.</translation>
    </message>
    <message>
        <source>Campaign %1 has no template.</source>
        <translation>La campagna %1 non ha un modello.</translation>
    </message>
    <message>
        <source>Campaign %1 is %2, not a draft.</source>
        <translation>La campagna %1 è %2, non una bozza.</translation>
    </message>
    <message>
        <source>Campaign %1 is %2, not paused.</source>
        <translation>La campagna %1 è %2, non in pausa.</translation>
    </message>
    <message>
        <source>Campaign %1 is %2, not running.</source>
        <translation>La campagna %1 è %2, non in invio.</translation>
    </message>
    <message>
        <source>Campaign %1 is already %2.</source>
        <translation>La campagna %1 è già %2.</translation>
    </message>
    <message>
        <source>Campaign %1 is no longer scheduled: it has started or was cancelled.</source>
        <translation>La campagna %1 non è più programmata: è partita o è stata annullata.</translation>
    </message>
    <message>
        <source>Campaign %1 is sending.</source>
        <translation>La campagna %1 sta inviando.</translation>
    </message>
    <message>
        <source>Campaigns use %1, so it cannot be deleted.</source>
        <translation>Delle campagne usano %1, quindi non si può eliminare.</translation>
    </message>
    <message>
        <source>Cancelled: it will not be sent.</source>
        <translation>Annullato: non verrà inviato.</translation>
    </message>
    <message>
        <source>Cannot connect to the PostgreSQL database %1: %2.</source>
        <translation>Impossibile connettersi al database PostgreSQL %1: %2.</translation>
    </message>
    <message>
        <source>Cannot create the folder for the database %1: %2.</source>
        <translation>Impossibile creare la cartella per il database %1: %2.</translation>
    </message>
    <message>
        <source>Cannot open the database %1: %2.</source>
        <translation>Impossibile aprire il database %1: %2.</translation>
    </message>
    <message>
        <source>Cannot reach the PostgreSQL server at %1: %2.</source>
        <translation>Impossibile raggiungere il server PostgreSQL su %1: %2.</translation>
    </message>
    <message>
        <source>Cannot read the attachment %1: %2.</source>
        <translation>Impossibile leggere l&apos;allegato %1: %2.</translation>
    </message>
    <message>
        <source>Cannot read the certificate authority file %1: %2.</source>
        <translation>Impossibile leggere il file dell&apos;autorità di certificazione %1: %2.</translation>
    </message>
    <message>
        <source>Cannot read the image %1: %2.</source>
        <translation>Impossibile leggere l&apos;immagine %1: %2.</translation>
    </message>
    <message>
        <source>Cannot read the team database %1: %2.</source>
        <translation>Impossibile leggere il database del team %1: %2.</translation>
    </message>
    <message>
        <source>Cannot use the PostgreSQL database %1: %2.</source>
        <translation>Impossibile usare il database PostgreSQL %1: %2.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2.</source>
        <translation>Impossibile scrivere %1: %2.</translation>
    </message>
    <message>
        <source>Catches everything on this computer; read it on the Test inbox page.</source>
        <translation>Raccoglie tutto su questo computer; leggilo nella pagina Casella di prova.</translation>
    </message>
    <message>
        <source>Change their profile or delete them first.</source>
        <translation>Prima cambia il loro profilo o eliminale.</translation>
    </message>
    <message>
        <source>Check --security and the port, then try again.</source>
        <translation>Controlla --security e la porta, poi riprova.</translation>
    </message>
    <message>
        <source>Check --security: tls for port 993, starttls for port 143.</source>
        <translation>Controlla --security: tls per la porta 993, starttls per la porta 143.</translation>
    </message>
    <message>
        <source>Check loops and repeated text in the template.</source>
        <translation>Controlla i cicli e il testo ripetuto nel modello.</translation>
    </message>
    <message>
        <source>Check that the file is a Staffetta database and that the folder is writable.</source>
        <translation>Controlla che il file sia un database Staffetta e che la cartella sia scrivibile.</translation>
    </message>
    <message>
        <source>Check that the server is running and that the address in --db is right.</source>
        <translation>Controlla che il server sia attivo e che l&apos;indirizzo in --db sia giusto.</translation>
    </message>
    <message>
        <source>Check that the user may create tables there (or ask the server&apos;s administrator).</source>
        <translation>Controlla che l&apos;utente possa creare tabelle lì (o chiedi all&apos;amministratore del server).</translation>
    </message>
    <message>
        <source>Check that this user may read it (or ask the server&apos;s administrator).</source>
        <translation>Controlla che questo utente possa leggerlo (o chiedi all&apos;amministratore del server).</translation>
    </message>
    <message>
        <source>Check the CSS for a missing } or ;.</source>
        <translation>Controlla che nel CSS non manchi una } o un ;.</translation>
    </message>
    <message>
        <source>Check the address in --db and the server&apos;s pg_hba.conf.</source>
        <translation>Controlla l&apos;indirizzo in --db e il pg_hba.conf del server.</translation>
    </message>
    <message>
        <source>Check the address, and the server&apos;s pg_hba.conf.</source>
        <translation>Controlla l&apos;indirizzo e il pg_hba.conf del server.</translation>
    </message>
    <message>
        <source>Check the file with the app, then try again.</source>
        <translation>Controlla il file con l&apos;app, poi riprova.</translation>
    </message>
    <message>
        <source>Check the file.</source>
        <translation>Controlla il file.</translation>
    </message>
    <message>
        <source>Check the filters and expressions used with this recipient&apos;s values.</source>
        <translation>Controlla i filtri e le espressioni usati con i valori di questo destinatario.</translation>
    </message>
    <message>
        <source>Check the host and port (IMAP is usually 993 with tls or 143 with starttls).</source>
        <translation>Controlla host e porta (IMAP di solito è 993 con tls o 143 con starttls).</translation>
    </message>
    <message>
        <source>Check the host and the port, and that the server accepts connections from this computer.</source>
        <translation>Controlla host e porta, e che il server accetti connessioni da questo computer.</translation>
    </message>
    <message>
        <source>Check the host name and your network connection.</source>
        <translation>Controlla il nome dell&apos;host e la connessione di rete.</translation>
    </message>
    <message>
        <source>Check the host name; for a private certificate authority give --ca-file.</source>
        <translation>Controlla il nome dell&apos;host; per un&apos;autorità di certificazione privata indica --ca-file.</translation>
    </message>
    <message>
        <source>Check the host, the port and --security.</source>
        <translation>Controlla host, porta e --security.</translation>
    </message>
    <message>
        <source>Check the host, the port and your network connection.</source>
        <translation>Controlla host, porta e la connessione di rete.</translation>
    </message>
    <message>
        <source>Check the host, the port, --security (a TLS port stays silent to a plain client) and any firewall in between.</source>
        <translation>Controlla host, porta, --security (una porta TLS resta muta con un client in chiaro) e gli eventuali firewall in mezzo.</translation>
    </message>
    <message>
        <source>Check the name, or ask the server&apos;s administrator to create it (createdb %1).</source>
        <translation>Controlla il nome, o chiedi all&apos;amministratore del server di crearlo (createdb %1).</translation>
    </message>
    <message>
        <source>Check the profile&apos;s host, port and security (many relays only offer AUTH after STARTTLS), or remove the username if this relay needs none.</source>
        <translation>Controlla host, porta e sicurezza del profilo (molti relay offrono AUTH solo dopo STARTTLS), o togli il nome utente se questo relay non ne ha bisogno.</translation>
    </message>
    <message>
        <source>Check the profile&apos;s port and security: 465 is TLS, 587 and 2525 are STARTTLS.</source>
        <translation>Controlla porta e sicurezza del profilo: 465 è TLS, 587 e 2525 sono STARTTLS.</translation>
    </message>
    <message>
        <source>Check the quotes on that line, or re-export the file as CSV.</source>
        <translation>Controlla le virgolette su quella riga, o esporta di nuovo il file come CSV.</translation>
    </message>
    <message>
        <source>Check the template and the sender, then resume.</source>
        <translation>Controlla il modello e il mittente, poi riprendi.</translation>
    </message>
    <message>
        <source>Check the user name and the password.</source>
        <translation>Controlla il nome utente e la password.</translation>
    </message>
    <message>
        <source>Check the user name in --db (postgresql://USER@HOST:PORT/DB).</source>
        <translation>Controlla il nome utente in --db (postgresql://UTENTE@HOST:PORTA/DB).</translation>
    </message>
    <message>
        <source>Check the user name, and the password in PGPASSWORD or ~/.pgpass.</source>
        <translation>Controlla il nome utente, e la password in PGPASSWORD o ~/.pgpass.</translation>
    </message>
    <message>
        <source>Check the user name.</source>
        <translation>Controlla il nome utente.</translation>
    </message>
    <message>
        <source>Check them, then set the mailbox again (mailbox set … --password-env VAR).</source>
        <translation>Controllali, poi imposta di nuovo la casella (mailbox set … --password-env VAR).</translation>
    </message>
    <message>
        <source>Check this computer&apos;s date and time.</source>
        <translation>Controlla data e ora di questo computer.</translation>
    </message>
    <message>
        <source>Check this contact&apos;s values for unusual characters.</source>
        <translation>Controlla se i valori di questo contatto hanno caratteri insoliti.</translation>
    </message>
    <message>
        <source>Checking the mailbox every %1 minutes is out of range.</source>
        <translation>Controllare la casella ogni %1 minuti è fuori dai limiti.</translation>
    </message>
    <message>
        <source>Choose a CSV file of addresses.</source>
        <translation>Scegli un file CSV di indirizzi.</translation>
    </message>
    <message>
        <source>Choose a PEM certificate file for %1.</source>
        <translation>Scegli un file di certificato PEM per %1.</translation>
    </message>
    <message>
        <source>Choose a different name; nothing was saved.</source>
        <translation>Scegli un nome diverso; non è stato salvato nulla.</translation>
    </message>
    <message>
        <source>Choose a template.</source>
        <translation>Scegli un modello.</translation>
    </message>
    <message>
        <source>Choose a time outside the skipped hour (e.g. one hour later).</source>
        <translation>Scegli un&apos;ora fuori dall&apos;ora saltata (per esempio un&apos;ora dopo).</translation>
    </message>
    <message>
        <source>Choose a writable file.</source>
        <translation>Scegli un file scrivibile.</translation>
    </message>
    <message>
        <source>Choose a writable location with --db.</source>
        <translation>Scegli una posizione scrivibile con --db.</translation>
    </message>
    <message>
        <source>Choose an empty database, or one Staffetta made.</source>
        <translation>Scegli un database vuoto, o uno creato da Staffetta.</translation>
    </message>
    <message>
        <source>Choose another folder.</source>
        <translation>Scegli un&apos;altra cartella.</translation>
    </message>
    <message>
        <source>Choose another name.</source>
        <translation>Scegli un altro nome.</translation>
    </message>
    <message>
        <source>Choose the imported column with each contact&apos;s zone (e.g. Europe/Rome).</source>
        <translation>Scegli la colonna importata con il fuso di ciascun contatto (per esempio Europe/Rome).</translation>
    </message>
    <message>
        <source>Columns are: %1.</source>
        <translation>Le colonne sono: %1.</translation>
    </message>
    <message>
        <source>Connected to %1:%2 %3%4.</source>
        <translation>Connesso a %1:%2 %3%4.</translation>
    </message>
    <message>
        <source>Connection lost</source>
        <translation>Connessione persa</translation>
    </message>
    <message>
        <source>Connection refused</source>
        <translation>Connessione rifiutata</translation>
    </message>
    <message>
        <source>Connections must be between 1 and 50.</source>
        <translation>Le connessioni devono essere tra 1 e 50.</translation>
    </message>
    <message>
        <source>Could not save %1: %2.</source>
        <translation>Impossibile salvare %1: %2.</translation>
    </message>
    <message>
        <source>Counting soft bounces over %1 days is out of range.</source>
        <translation>Contare i rimbalzi temporanei su %1 giorni è fuori dai limiti.</translation>
    </message>
    <message>
        <source>Create a new database (createdb NAME) and copy into that.</source>
        <translation>Crea un nuovo database (createdb NOME) e copia lì.</translation>
    </message>
    <message>
        <source>Create it (createdb %1) or check the name in --db.</source>
        <translation>Crealo (createdb %1) o controlla il nome in --db.</translation>
    </message>
    <message>
        <source>Create it in your mail program, or choose another one.</source>
        <translation>Creala nel tuo programma di posta, o scegline un&apos;altra.</translation>
    </message>
    <message>
        <source>Create one first.</source>
        <translation>Creane uno prima.</translation>
    </message>
    <message>
        <source>Custom relay</source>
        <translation>Relay personalizzato</translation>
    </message>
    <message>
        <source>Delete or change those campaigns first.</source>
        <translation>Prima elimina o cambia quelle campagne.</translation>
    </message>
    <message>
        <source>Delete that folder to start the test inbox afresh.</source>
        <translation>Elimina quella cartella per ripartire con una casella di prova vuota.</translation>
    </message>
    <message>
        <source>Did you mean {{ %1 }}?</source>
        <translation>Intendevi {{ %1 }}?</translation>
    </message>
    <message>
        <source>Duplicate it to send a new version.</source>
        <translation>Duplicala per inviare una nuova versione.</translation>
    </message>
    <message>
        <source>Each address belongs to one contact: edit or delete that one instead.</source>
        <translation>Ogni indirizzo appartiene a un solo contatto: modifica o elimina quello.</translation>
    </message>
    <message>
        <source>Each warm-up day&apos;s cap must be at least 1.</source>
        <translation>Il tetto di ogni giorno di riscaldamento deve essere almeno 1.</translation>
    </message>
    <message>
        <source>Enter the password, then resume.</source>
        <translation>Inserisci la password, poi riprendi.</translation>
    </message>
    <message>
        <source>Export the list as CSV and import that.</source>
        <translation>Esporta la lista come CSV e importa quello.</translation>
    </message>
    <message>
        <source>Fill them in, or paste the address (postgresql://USER@HOST:PORT/DATABASE).</source>
        <translation>Compilali, o incolla l&apos;indirizzo (postgresql://UTENTE@HOST:PORTA/DATABASE).</translation>
    </message>
    <message>
        <source>Folders there: %1.</source>
        <translation>Cartelle presenti: %1.</translation>
    </message>
    <message>
        <source>For example bounces@example.com.</source>
        <translation>Per esempio bounces@example.com.</translation>
    </message>
    <message>
        <source>For example eu-west-1.</source>
        <translation>Per esempio eu-west-1.</translation>
    </message>
    <message>
        <source>For example imap.example.com.</source>
        <translation>Per esempio imap.example.com.</translation>
    </message>
    <message>
        <source>Free some space there (or move the database elsewhere with --db); %1.</source>
        <translation>Libera un po&apos; di spazio lì (o sposta il database altrove con --db); %1.</translation>
    </message>
    <message>
        <source>Give a PEM file with --ca-file.</source>
        <translation>Indica un file PEM con --ca-file.</translation>
    </message>
    <message>
        <source>Give a later --at, or leave it out to start now.</source>
        <translation>Indica un --at più avanti, o toglilo per partire subito.</translation>
    </message>
    <message>
        <source>Give at least one --list or --segment.</source>
        <translation>Indica almeno un --list o --segment.</translation>
    </message>
    <message>
        <source>Give every field a name, or remove the empty one.</source>
        <translation>Dai un nome a ogni campo, o togli quello vuoto.</translation>
    </message>
    <message>
        <source>Give it in PGPASSWORD or ~/.pgpass (or open the database once in the window).</source>
        <translation>Indicala in PGPASSWORD o ~/.pgpass (o apri il database una volta nella finestra).</translation>
    </message>
    <message>
        <source>Gmail / Google Workspace</source>
        <translation>Gmail / Google Workspace</translation>
    </message>
    <message>
        <source>Gmail asks to try again later</source>
        <translation>Gmail chiede di riprovare più tardi</translation>
    </message>
    <message>
        <source>Gmail daily sending limit reached</source>
        <translation>Raggiunto il limite di invio giornaliero di Gmail</translation>
    </message>
    <message>
        <source>Gmail rate limit</source>
        <translation>Limite di velocità di Gmail</translation>
    </message>
    <message>
        <source>Gmail: too many login attempts</source>
        <translation>Gmail: troppi tentativi di accesso</translation>
    </message>
    <message>
        <source>Handled mail cannot be moved to the folder it is read from.</source>
        <translation>La posta gestita non può essere spostata nella cartella da cui viene letta.</translation>
    </message>
    <message>
        <source>Handled mail is either moved or deleted, not both.</source>
        <translation>La posta gestita viene spostata o eliminata, non entrambe le cose.</translation>
    </message>
    <message>
        <source>Held by the user.</source>
        <translation>Trattenuto dall&apos;utente.</translation>
    </message>
    <message>
        <source>Held: it is not sent until released.</source>
        <translation>Trattenuto: non viene inviato finché non lo rilasci.</translation>
    </message>
    <message>
        <source>Hours go from 00:00 to 24:00.</source>
        <translation>Le ore vanno da 00:00 a 24:00.</translation>
    </message>
    <message>
        <source>How often ``send`` and the window read the mailboxes of the profiles in use.</source>
        <translation>Ogni quanto ``send`` e la finestra leggono le caselle dei profili in uso.</translation>
    </message>
    <message>
        <source>If this is your own relay, trust its certificate with %1; otherwise someone may be intercepting the connection: do not send.</source>
        <translation>Se è il tuo relay, fidati del suo certificato con %1; altrimenti qualcuno potrebbe intercettare la connessione: non inviare.</translation>
    </message>
    <message>
        <source>Import a CSV first.</source>
        <translation>Prima importa un CSV.</translation>
    </message>
    <message>
        <source>Import contacts, write a template and add a profile, then try again.</source>
        <translation>Importa dei contatti, scrivi un modello e aggiungi un profilo, poi riprova.</translation>
    </message>
    <message>
        <source>Imported fields: %1.</source>
        <translation>Campi importati: %1.</translation>
    </message>
    <message>
        <source>Invalid Message-ID %1.</source>
        <translation>Message-ID non valido %1.</translation>
    </message>
    <message>
        <source>It cannot be sent: %1</source>
        <translation>Non si può inviare: %1</translation>
    </message>
    <message>
        <source>It may have been deleted.</source>
        <translation>Potrebbe essere stato eliminato.</translation>
    </message>
    <message>
        <source>Let it finish or stop it first; two senders would risk double sends.</source>
        <translation>Lascialo finire o fermalo prima; due mittenti rischierebbero invii doppi.</translation>
    </message>
    <message>
        <source>Link to big files instead of attaching them.</source>
        <translation>Metti un link ai file grandi invece di allegarli.</translation>
    </message>
    <message>
        <source>Mail clients that drop &lt;style&gt; blocks will show it unstyled.</source>
        <translation>I programmi di posta che scartano i blocchi &lt;style&gt; lo mostreranno senza stile.</translation>
    </message>
    <message>
        <source>Mailtrap monthly sending limit reached</source>
        <translation>Raggiunto il limite di invio mensile di Mailtrap</translation>
    </message>
    <message>
        <source>Mailtrap rate limit</source>
        <translation>Limite di velocità di Mailtrap</translation>
    </message>
    <message>
        <source>Mailtrap sandbox</source>
        <translation>Sandbox di Mailtrap</translation>
    </message>
    <message>
        <source>Mailtrap → Email Testing → Inboxes → your inbox → SMTP Settings shows the username and password.</source>
        <translation>Mailtrap → Email Testing → Inboxes → la tua casella → SMTP Settings mostra nome utente e password.</translation>
    </message>
    <message>
        <source>Make the message smaller (attachments, images), then release it.</source>
        <translation>Rendi il messaggio più piccolo (allegati, immagini), poi rilascialo.</translation>
    </message>
    <message>
        <source>Marked as sent by the user.</source>
        <translation>Segnato come inviato dall&apos;utente.</translation>
    </message>
    <message>
        <source>Messages per connection must be at least 1.</source>
        <translation>I messaggi per connessione devono essere almeno 1.</translation>
    </message>
    <message>
        <source>Most mailboxes use INBOX.</source>
        <translation>La maggior parte delle caselle usa INBOX.</translation>
    </message>
    <message>
        <source>Move images and big blocks out of the template (link to them instead).</source>
        <translation>Sposta le immagini e i blocchi grandi fuori dal modello (mettici un link).</translation>
    </message>
    <message>
        <source>Name the column &apos;email&apos;, or map it, e.g. --map &apos;Your Column=email&apos;.</source>
        <translation>Chiama la colonna &apos;email&apos;, o associala, per esempio --map &apos;La tua colonna=email&apos;.</translation>
    </message>
    <message>
        <source>Name the column &apos;email&apos;.</source>
        <translation>Chiama la colonna &apos;email&apos;.</translation>
    </message>
    <message>
        <source>Network is unreachable</source>
        <translation>Rete non raggiungibile</translation>
    </message>
    <message>
        <source>New campaign</source>
        <translation>Nuova campagna</translation>
    </message>
    <message>
        <source>Next send window opens %1 (%2).</source>
        <translation>La prossima fascia di invio si apre %1 (%2).</translation>
    </message>
    <message>
        <source>No SMTP profile has a mailbox yet.</source>
        <translation>Nessun profilo SMTP ha ancora una casella.</translation>
    </message>
    <message>
        <source>No cap today (%1 sent in the last 24 hours).</source>
        <translation>Nessun tetto oggi (%1 inviati nelle ultime 24 ore).</translation>
    </message>
    <message>
        <source>No contact has a field %1 to read their time zone from.</source>
        <translation>Nessun contatto ha un campo %1 da cui leggere il fuso orario.</translation>
    </message>
    <message>
        <source>No preset named %1.</source>
        <translation>Nessun profilo predefinito chiamato %1.</translation>
    </message>
    <message>
        <source>No route to host</source>
        <translation>Nessun percorso verso l&apos;host</translation>
    </message>
    <message>
        <source>No text part: one is made from the HTML (see the Text tab).</source>
        <translation>Nessuna parte di testo: viene ricavata dall&apos;HTML (vedi la scheda Testo).</translation>
    </message>
    <message>
        <source>No text part: one is made from the Markdown (see the Text tab).</source>
        <translation>Nessuna parte di testo: viene ricavata dal Markdown (vedi la scheda Testo).</translation>
    </message>
    <message>
        <source>No visible unsubscribe link: add &lt;a href=&quot;{{ unsubscribe_url }}&quot;&gt;Unsubscribe&lt;/a&gt;%1</source>
        <translation>Nessun link di disiscrizione visibile: aggiungi &lt;a href=&quot;{{ unsubscribe_url }}&quot;&gt;Annulla l&apos;iscrizione&lt;/a&gt;%1</translation>
    </message>
    <message>
        <source>Not sent: the address was suppressed after the campaign started (%1).</source>
        <translation>Non inviato: l&apos;indirizzo è stato escluso dopo l&apos;avvio della campagna (%1).</translation>
    </message>
    <message>
        <source>Not sent: this person got another campaign&apos;s message within the campaign&apos;s frequency cap.</source>
        <translation>Non inviato: questa persona ha ricevuto il messaggio di un&apos;altra campagna entro il limite di frequenza della campagna.</translation>
    </message>
    <message>
        <source>Nothing that was already saved is lost.</source>
        <translation>Nulla di ciò che era già salvato va perso.</translation>
    </message>
    <message>
        <source>Only failed, unknown, deferred or held messages can be retried, not %1.</source>
        <translation>Si possono ritentare solo i messaggi non recapitati, incerti, rinviati o trattenuti, non %1.</translation>
    </message>
    <message>
        <source>Other problems (see the first recipients listed)</source>
        <translation>Altri problemi (vedi i primi destinatari elencati)</translation>
    </message>
    <message>
        <source>Pass --list NAME.</source>
        <translation>Indica --list NOME.</translation>
    </message>
    <message>
        <source>Pause or cancel it first.</source>
        <translation>Prima mettila in pausa o annullala.</translation>
    </message>
    <message>
        <source>Paused by you.</source>
        <translation>In pausa per tua scelta.</translation>
    </message>
    <message>
        <source>Pick another one.</source>
        <translation>Scegline un altro.</translation>
    </message>
    <message>
        <source>Reading the mailbox on %1 without TLS would expose your password and mail.</source>
        <translation>Leggere la casella su %1 senza TLS esporrebbe la tua password e la tua posta.</translation>
    </message>
    <message>
        <source>Rename or remove one.</source>
        <translation>Rinominane o togline uno.</translation>
    </message>
    <message>
        <source>Resend it (same Message-ID) or mark it sent.</source>
        <translation>Invialo di nuovo (stesso Message-ID) o segnalo come inviato.</translation>
    </message>
    <message>
        <source>Resend it or mark it sent.</source>
        <translation>Invialo di nuovo o segnalo come inviato.</translation>
    </message>
    <message>
        <source>Resize it, or host it and link to it with https://.</source>
        <translation>Ridimensionala, o mettila online e collegala con https://.</translation>
    </message>
    <message>
        <source>Restore a backup of the file and report this.</source>
        <translation>Ripristina una copia di sicurezza del file e segnala il problema.</translation>
    </message>
    <message>
        <source>SES daily quota reached</source>
        <translation>Raggiunta la quota giornaliera di SES</translation>
    </message>
    <message>
        <source>SES throttling</source>
        <translation>Limitazione di velocità di SES</translation>
    </message>
    <message>
        <source>SMTP credentials come from the SES console (SMTP settings); change the region in the host name to yours.</source>
        <translation>Le credenziali SMTP vengono dalla console SES (SMTP settings); cambia la regione nel nome dell&apos;host con la tua.</translation>
    </message>
    <message>
        <source>STARTTLS not offered</source>
        <translation>STARTTLS non offerto</translation>
    </message>
    <message>
        <source>STARTTLS refused</source>
        <translation>STARTTLS rifiutato</translation>
    </message>
    <message>
        <source>Save it as a new one.</source>
        <translation>Salvalo come nuovo.</translation>
    </message>
    <message>
        <source>Scheduled for %1.</source>
        <translation>Programmata per %1.</translation>
    </message>
    <message>
        <source>Segment %1 is the audience of a campaign.</source>
        <translation>Il segmento %1 è il pubblico di una campagna.</translation>
    </message>
    <message>
        <source>Sends only %1 (%2).</source>
        <translation>Invia solo %1 (%2).</translation>
    </message>
    <message>
        <source>Sends only %1 in each recipient&apos;s time zone (their %2; %3 for those without one).</source>
        <translation>Invia solo %1 nel fuso orario di ciascun destinatario (il suo %2; %3 per chi non ce l&apos;ha).</translation>
    </message>
    <message>
        <source>Set it with: mailbox set … --username U --password-env VAR (no keyring on this computer: export %1).</source>
        <translation>Impostala con: mailbox set … --username U --password-env VAR (nessun portachiavi su questo computer: esporta %1).</translation>
    </message>
    <message>
        <source>Skips contacts mailed in the last %1.</source>
        <translation>Salta i contatti a cui hai scritto negli ultimi %1.</translation>
    </message>
    <message>
        <source>Soft bounces (of different messages, in a row) after which an address is suppressed.</source>
        <translation>Rimbalzi temporanei (di messaggi diversi, di fila) dopo i quali un indirizzo viene escluso.</translation>
    </message>
    <message>
        <source>Soft bounces that came back longer ago than this (days) no longer count, nor do any
    followed by a message that got through.</source>
        <translation>I rimbalzi temporanei tornati più di così (giorni) fa non contano più, né quelli seguiti da un messaggio andato a buon fine.</translation>
    </message>
    <message>
        <source>Someone deleted it meanwhile.</source>
        <translation>Qualcuno l&apos;ha eliminato nel frattempo.</translation>
    </message>
    <message>
        <source>Staffetta Demo &lt;demo@example.com&gt;</source>
        <translation>Staffetta Demo &lt;demo@example.com&gt;</translation>
    </message>
    <message>
        <source>Staffetta SMTP</source>
        <translation>Staffetta SMTP</translation>
    </message>
    <message>
        <source>Staffetta adds +&lt;message id&gt; itself, e.g. bounces+123@example.com.</source>
        <translation>Staffetta aggiunge da sé +&lt;id del messaggio&gt;, per esempio bounces+123@example.com.</translation>
    </message>
    <message>
        <source>Staffetta retries with growing pauses.</source>
        <translation>Staffetta riprova con pause sempre più lunghe.</translation>
    </message>
    <message>
        <source>Start cancelled; nothing was queued.</source>
        <translation>Avvio annullato; nulla è stato messo in coda.</translation>
    </message>
    <message>
        <source>Start the path with a folder, e.g. /home/me/invoices/{{ customer_id }}.pdf.</source>
        <translation>Inizia il percorso con una cartella, per esempio /home/me/fatture/{{ customer_id }}.pdf.</translation>
    </message>
    <message>
        <source>TLS failed</source>
        <translation>TLS non riuscito</translation>
    </message>
    <message>
        <source>TLS with the mail server %1 failed (%2).</source>
        <translation>Il TLS con il server di posta %1 non è riuscito (%2).</translation>
    </message>
    <message>
        <source>Templates can only use variables, filters and simple logic.</source>
        <translation>I modelli possono usare solo variabili, filtri e logica semplice.</translation>
    </message>
    <message>
        <source>The %1 address %2 is not valid: %3</source>
        <translation>L&apos;indirizzo %1 %2 non è valido: %3</translation>
    </message>
    <message>
        <source>The %1 fails to render%2: %3.</source>
        <translation>Non si riesce a comporre il testo (%1)%2: %3.</translation>
    </message>
    <message>
        <source>The %1 grows beyond %2 MB%3.</source>
        <translation>Il testo (%1) supera %2 MB%3.</translation>
    </message>
    <message>
        <source>The %1 template is too large (%2 characters; the limit is %3).</source>
        <translation>Il modello (%1) è troppo grande (%2 caratteri; il limite è %3).</translation>
    </message>
    <message>
        <source>The %1 was stopped by the template sandbox%2: %3.</source>
        <translation>Il testo (%1) è stato fermato dalla sandbox dei modelli%2: %3.</translation>
    </message>
    <message>
        <source>The CSS cannot be inlined: %1.</source>
        <translation>Il CSS non si può incorporare: %1.</translation>
    </message>
    <message>
        <source>The IMAP host is empty.</source>
        <translation>L&apos;host IMAP è vuoto.</translation>
    </message>
    <message>
        <source>The PostgreSQL server at %1 asks for the password of user %2.</source>
        <translation>Il server PostgreSQL su %1 chiede la password dell&apos;utente %2.</translation>
    </message>
    <message>
        <source>The PostgreSQL server at %1 has no database named %2.</source>
        <translation>Il server PostgreSQL su %1 non ha un database chiamato %2.</translation>
    </message>
    <message>
        <source>The PostgreSQL server at %1 has no user named %2.</source>
        <translation>Il server PostgreSQL su %1 non ha un utente chiamato %2.</translation>
    </message>
    <message>
        <source>The PostgreSQL server at %1 refused the login of user %2.</source>
        <translation>Il server PostgreSQL su %1 ha rifiutato l&apos;accesso dell&apos;utente %2.</translation>
    </message>
    <message>
        <source>The SMTP profile %1 has no mailbox yet.</source>
        <translation>Il profilo SMTP %1 non ha ancora una casella.</translation>
    </message>
    <message>
        <source>The app stopped while this message was being sent; it may or may not have been delivered.</source>
        <translation>L&apos;app si è fermata mentre questo messaggio veniva inviato; potrebbe essere stato recapitato o no.</translation>
    </message>
    <message>
        <source>The attachment %1 is %2 MB; the limit is %3 MB.</source>
        <translation>L&apos;allegato %1 è di %2 MB; il limite è %3 MB.</translation>
    </message>
    <message>
        <source>The attachment %1 is %2 MB; the limit is 10 MB.</source>
        <translation>L&apos;allegato %1 è di %2 MB; il limite è 10 MB.</translation>
    </message>
    <message>
        <source>The attachment %1 is not a file.</source>
        <translation>L&apos;allegato %1 non è un file.</translation>
    </message>
    <message>
        <source>The attachment path for %1 is %2, not a full path.</source>
        <translation>Il percorso dell&apos;allegato per %1 è %2, non un percorso completo.</translation>
    </message>
    <message>
        <source>The audience of campaign %1 is empty.</source>
        <translation>Il pubblico della campagna %1 è vuoto.</translation>
    </message>
    <message>
        <source>The burst must be at least 1.</source>
        <translation>La raffica deve essere almeno 1.</translation>
    </message>
    <message>
        <source>The campaign has no audience.</source>
        <translation>La campagna non ha un pubblico.</translation>
    </message>
    <message>
        <source>The campaign needs a name.</source>
        <translation>La campagna ha bisogno di un nome.</translation>
    </message>
    <message>
        <source>The certificate authority file %1 does not exist.</source>
        <translation>Il file dell&apos;autorità di certificazione %1 non esiste.</translation>
    </message>
    <message>
        <source>The certificate of the mail server %1 could not be verified (%2).</source>
        <translation>Il certificato del server di posta %1 non si è potuto verificare (%2).</translation>
    </message>
    <message>
        <source>The chosen contact no longer exists.</source>
        <translation>Il contatto scelto non esiste più.</translation>
    </message>
    <message>
        <source>The condition %1 has no operator I know.</source>
        <translation>La condizione %1 ha un operatore che non conosco.</translation>
    </message>
    <message>
        <source>The condition %1 names no field.</source>
        <translation>La condizione %1 non nomina alcun campo.</translation>
    </message>
    <message>
        <source>The condition %1 needs a value after %2.</source>
        <translation>La condizione %1 richiede un valore dopo %2.</translation>
    </message>
    <message>
        <source>The connection ended after the message was sent: it may have arrived.</source>
        <translation>La connessione si è chiusa dopo l&apos;invio del messaggio: potrebbe essere arrivato.</translation>
    </message>
    <message>
        <source>The connection ended before the relay answered; Staffetta tries again with growing pauses.</source>
        <translation>La connessione si è chiusa prima che il relay rispondesse; Staffetta riprova con pause sempre più lunghe.</translation>
    </message>
    <message>
        <source>The connection to the mail server %1 was closed unexpectedly (%2).</source>
        <translation>La connessione al server di posta %1 si è chiusa inaspettatamente (%2).</translation>
    </message>
    <message>
        <source>The copy did not match the file: %1; nothing was written.</source>
        <translation>La copia non corrispondeva al file: %1; non è stato scritto nulla.</translation>
    </message>
    <message>
        <source>The daily cap cannot be negative (0 means none).</source>
        <translation>Il tetto giornaliero non può essere negativo (0 significa nessuno).</translation>
    </message>
    <message>
        <source>The database %1 holds %2 table(s) of another program and no Staffetta data.</source>
        <translation>Il database %1 contiene %2 tabelle di un altro programma e nessun dato di Staffetta.</translation>
    </message>
    <message>
        <source>The database %1 is not empty (%2); db copy only fills an empty database.</source>
        <translation>Il database %1 non è vuoto (%2); db copy riempie solo un database vuoto.</translation>
    </message>
    <message>
        <source>The delimiter must be one character.</source>
        <translation>Il separatore deve essere un solo carattere.</translation>
    </message>
    <message>
        <source>The desktop app stopped while this message was being sent; it may or may not have been delivered.</source>
        <translation>L&apos;app desktop si è fermata mentre questo messaggio veniva inviato; potrebbe essere stato recapitato o no.</translation>
    </message>
    <message>
        <source>The domain %1 is not valid: %2</source>
        <translation>Il dominio %1 non è valido: %2</translation>
    </message>
    <message>
        <source>The embedded images add up to %1 MB per message: many providers are slow to accept, or refuse, messages that large.</source>
        <translation>Le immagini incorporate arrivano a %1 MB per messaggio: molti provider accettano lentamente, o rifiutano, messaggi così grandi.</translation>
    </message>
    <message>
        <source>The failure limit must be at least 1.</source>
        <translation>Il limite di errori deve essere almeno 1.</translation>
    </message>
    <message>
        <source>The file has no column named %1.</source>
        <translation>Il file non ha una colonna chiamata %1.</translation>
    </message>
    <message>
        <source>The first retry delay must be at least 1 second.</source>
        <translation>Il primo intervallo tra i tentativi deve essere di almeno 1 secondo.</translation>
    </message>
    <message>
        <source>The folder is empty.</source>
        <translation>La cartella è vuota.</translation>
    </message>
    <message>
        <source>The frequency cap cannot be negative.</source>
        <translation>Il limite di frequenza non può essere negativo.</translation>
    </message>
    <message>
        <source>The image %1 is %2 MB; images embedded in mail are limited to %3 MB.</source>
        <translation>L&apos;immagine %1 è di %2 MB; le immagini incorporate nella posta sono limitate a %3 MB.</translation>
    </message>
    <message>
        <source>The image %1 is a folder, not a file.</source>
        <translation>L&apos;immagine %1 è una cartella, non un file.</translation>
    </message>
    <message>
        <source>The image %1 is given relative to the template&apos;s folder, but this template has none.</source>
        <translation>L&apos;immagine %1 è indicata rispetto alla cartella del modello, ma questo modello non ne ha una.</translation>
    </message>
    <message>
        <source>The list needs a name.</source>
        <translation>La lista richiede un nome.</translation>
    </message>
    <message>
        <source>The mail server %1 cannot be found (the name does not resolve).</source>
        <translation>Il server di posta %1 non si trova (il nome non si risolve).</translation>
    </message>
    <message>
        <source>The mail server %1 cannot be reached: %2.</source>
        <translation>Il server di posta %1 non è raggiungibile: %2.</translation>
    </message>
    <message>
        <source>The mail server %1 did not answer within %2 seconds.</source>
        <translation>Il server di posta %1 non ha risposto entro %2 secondi.</translation>
    </message>
    <message>
        <source>The mail server %1 did not speak IMAP as expected (%2).</source>
        <translation>Il server di posta %1 non ha parlato IMAP come previsto (%2).</translation>
    </message>
    <message>
        <source>The mail server %1 does not offer STARTTLS.</source>
        <translation>Il server di posta %1 non offre STARTTLS.</translation>
    </message>
    <message>
        <source>The mail server %1 refused %2: %3.</source>
        <translation>Il server di posta %1 ha rifiutato %2: %3.</translation>
    </message>
    <message>
        <source>The mail server %1 refused the connection.</source>
        <translation>Il server di posta %1 ha rifiutato la connessione.</translation>
    </message>
    <message>
        <source>The mail server %1 refused the username or password for %2.</source>
        <translation>Il server di posta %1 ha rifiutato nome utente o password per %2.</translation>
    </message>
    <message>
        <source>The mail server refused to create the folder %1: %2</source>
        <translation>Il server di posta ha rifiutato di creare la cartella %1: %2</translation>
    </message>
    <message>
        <source>The message for %1 cannot be encoded: %2.</source>
        <translation>Il messaggio per %1 non si può codificare: %2.</translation>
    </message>
    <message>
        <source>The password of the mailbox of %1 is not available%2.</source>
        <translation>La password della casella di %1 non è disponibile%2.</translation>
    </message>
    <message>
        <source>The port in %1 is not a number.</source>
        <translation>La porta in %1 non è un numero.</translation>
    </message>
    <message>
        <source>The pre-flight check found %1 recipient(s) whose message cannot be built; nothing was queued.%2</source>
        <translation>Il controllo preliminare ha trovato %1 destinatari il cui messaggio non si può comporre; nulla è stato messo in coda.%2</translation>
    </message>
    <message>
        <source>The profile %1 is listed twice.</source>
        <translation>Il profilo %1 è elencato due volte.</translation>
    </message>
    <message>
        <source>The rate cannot be negative (0 means no limit).</source>
        <translation>La velocità non può essere negativa (0 significa nessun limite).</translation>
    </message>
    <message>
        <source>The relay accepted it.</source>
        <translation>Il relay l&apos;ha accettato.</translation>
    </message>
    <message>
        <source>The relay answered %1: try later.</source>
        <translation>Il relay ha risposto %1: riprova più tardi.</translation>
    </message>
    <message>
        <source>The relay could not be reached; Staffetta tries again with growing pauses.</source>
        <translation>Il relay non era raggiungibile; Staffetta riprova con pause sempre più lunghe.</translation>
    </message>
    <message>
        <source>The relay refused it for good, or it expired.</source>
        <translation>Il relay l&apos;ha rifiutato definitivamente, o è scaduto.</translation>
    </message>
    <message>
        <source>The relay&apos;s administrator must renew it; if it should be valid, check this computer&apos;s date and time.</source>
        <translation>L&apos;amministratore del relay deve rinnovarlo; se dovrebbe essere valido, controlla data e ora di questo computer.</translation>
    </message>
    <message>
        <source>The return path %1 is not a valid address: %2</source>
        <translation>L&apos;indirizzo di ritorno %1 non è un indirizzo valido: %2</translation>
    </message>
    <message>
        <source>The segment needs a name.</source>
        <translation>Il segmento richiede un nome.</translation>
    </message>
    <message>
        <source>The send window %1 ends before it starts.</source>
        <translation>La fascia di invio %1 finisce prima di cominciare.</translation>
    </message>
    <message>
        <source>The send window %1 is not DAYS HH:MM-HH:MM.</source>
        <translation>La fascia di invio %1 non è nella forma GIORNI HH:MM-HH:MM.</translation>
    </message>
    <message>
        <source>The sender {name} stopped (no heartbeat) while this message was being sent; it may or may not have been delivered.</source>
        <translation>Il mittente {name} si è fermato (nessun segnale di vita) mentre questo messaggio veniva inviato; potrebbe essere stato recapitato o no.</translation>
    </message>
    <message>
        <source>The soft-bounce limit must be at least 1.</source>
        <translation>Il limite di rimbalzi temporanei deve essere almeno 1.</translation>
    </message>
    <message>
        <source>The start time %1 is in the past (it is now %2).</source>
        <translation>L&apos;ora di avvio %1 è nel passato (ora sono le %2).</translation>
    </message>
    <message>
        <source>The styles were not inlined: the tag %1 on line %2 sits where HTML cannot keep it (inside a &lt;style&gt; rule or between table cells).</source>
        <translation>Gli stili non sono stati incorporati: il tag %1 alla riga %2 sta dove l&apos;HTML non può tenerlo (dentro una regola &lt;style&gt; o tra le celle di una tabella).</translation>
    </message>
    <message>
        <source>The team database %1 was written by a newer Staffetta (schema %2, this version knows %3).</source>
        <translation>Il database del team %1 è stato scritto da uno Staffetta più recente (schema %2, questa versione conosce il %3).</translation>
    </message>
    <message>
        <source>The team database needs a %1.</source>
        <translation>Il database del team richiede: %1.</translation>
    </message>
    <message>
        <source>The test inbox cannot listen on 127.0.0.1:%1: %2.</source>
        <translation>La casella di prova non può ascoltare su 127.0.0.1:%1: %2.</translation>
    </message>
    <message>
        <source>The test inbox has no message %1.</source>
        <translation>La casella di prova non ha il messaggio %1.</translation>
    </message>
    <message>
        <source>The test inbox index in %1 cannot be opened (%2).</source>
        <translation>L&apos;indice della casella di prova in %1 non si può aprire (%2).</translation>
    </message>
    <message>
        <source>The unsubscribe URL must start with https://.</source>
        <translation>L&apos;URL di disiscrizione deve iniziare con https://.</translation>
    </message>
    <message>
        <source>Write whole numbers of messages per day, separated by commas, e.g. 50,100,250,500.</source>
        <translation>Scrivi numeri interi di messaggi al giorno, separati da virgole, per esempio 50,100,250,500.</translation>
    </message>
    <message>
        <source>`python main.py inbox` lists the messages it has.</source>
        <translation>`python main.py inbox` elenca i messaggi che contiene.</translation>
    </message>
    <message>
        <source>a 7-Zip archive</source>
        <translation>un archivio 7-Zip</translation>
    </message>
    <message>
        <source>a GIF image</source>
        <translation>un&apos;immagine GIF</translation>
    </message>
    <message>
        <source>a JPEG image</source>
        <translation>un&apos;immagine JPEG</translation>
    </message>
    <message>
        <source>a PDF document</source>
        <translation>un documento PDF</translation>
    </message>
    <message>
        <source>a PNG image</source>
        <translation>un&apos;immagine PNG</translation>
    </message>
    <message>
        <source>a RAR archive</source>
        <translation>un archivio RAR</translation>
    </message>
    <message>
        <source>a Windows program</source>
        <translation>un programma Windows</translation>
    </message>
    <message>
        <source>a binary file</source>
        <translation>un file binario</translation>
    </message>
    <message>
        <source>a campaign is scheduled for %1</source>
        <translation>una campagna è programmata per %1</translation>
    </message>
    <message>
        <source>a contact list</source>
        <translation>una lista di contatti</translation>
    </message>
    <message>
        <source>a delivery report without a failure</source>
        <translation>un rapporto di consegna senza errori</translation>
    </message>
    <message>
        <source>a feedback report of type %1</source>
        <translation>una segnalazione di tipo %1</translation>
    </message>
    <message>
        <source>a for tag is written {% for item in items %}</source>
        <translation>un tag for si scrive {% for item in items %}</translation>
    </message>
    <message>
        <source>a gzip archive</source>
        <translation>un archivio gzip</translation>
    </message>
    <message>
        <source>a line without a reply code: %1</source>
        <translation>una riga senza codice di risposta: %1</translation>
    </message>
    <message>
        <source>a macOS program</source>
        <translation>un programma macOS</translation>
    </message>
    <message>
        <source>a macOS program or Java class</source>
        <translation>un programma macOS o una classe Java</translation>
    </message>
    <message>
        <source>a name is missing after a dot or a |</source>
        <translation>manca un nome dopo un punto o una |</translation>
    </message>
    <message>
        <source>a program (an ELF executable)</source>
        <translation>un programma (un eseguibile ELF)</translation>
    </message>
    <message>
        <source>a quote inside a tag is never closed</source>
        <translation>delle virgolette dentro un tag non vengono mai chiuse</translation>
    </message>
    <message>
        <source>a refused RSET (%1 %2)</source>
        <translation>un RSET rifiutato (%1 %2)</translation>
    </message>
    <message>
        <source>a reply that is not SMTP</source>
        <translation>una risposta che non è SMTP</translation>
    </message>
    <message>
        <source>a reply that is not UTF-8: %1</source>
        <translation>una risposta che non è UTF-8: %1</translation>
    </message>
    <message>
        <source>a reply whose lines carry different codes</source>
        <translation>una risposta le cui righe hanno codici diversi</translation>
    </message>
    <message>
        <source>a tag ends with a single }: end {{ … }} with }} and {% … %} with %}</source>
        <translation>un tag finisce con una sola }: chiudi {{ … }} con }} e {% … %} con %}</translation>
    </message>
    <message>
        <source>added by you</source>
        <translation>aggiunto da te</translation>
    </message>
    <message>
        <source>address not allowed in SMTP</source>
        <translation>indirizzo non ammesso in SMTP</translation>
    </message>
    <message>
        <source>an Excel workbook or another zip file</source>
        <translation>una cartella di lavoro Excel o un altro file zip</translation>
    </message>
    <message>
        <source>an SMTP profile</source>
        <translation>un profilo SMTP</translation>
    </message>
    <message>
        <source>an SQLite database</source>
        <translation>un database SQLite</translation>
    </message>
    <message>
        <source>an empty mail</source>
        <translation>un messaggio vuoto</translation>
    </message>
    <message>
        <source>an old-style Excel (.xls) workbook</source>
        <translation>una cartella di lavoro Excel vecchio stile (.xls)</translation>
    </message>
    <message>
        <source>an xz archive</source>
        <translation>un archivio xz</translation>
    </message>
    <message>
        <source>another program uses that port</source>
        <translation>un altro programma usa quella porta</translation>
    </message>
    <message>
        <source>another sender holds this profile</source>
        <translation>un altro mittente tiene questo profilo</translation>
    </message>
    <message>
        <source>at %1 their time</source>
        <translation>alle %1 ora loro</translation>
    </message>
    <message>
        <source>authentication failed for now</source>
        <translation>autenticazione non riuscita per ora</translation>
    </message>
    <message>
        <source>authentication refused</source>
        <translation>autenticazione rifiutata</translation>
    </message>
    <message>
        <source>certificate refused</source>
        <translation>certificato rifiutato</translation>
    </message>
    <message>
        <source>connection %1 after the message was sent</source>
        <translation>connessione %1 dopo l&apos;invio del messaggio</translation>
    </message>
    <message>
        <source>connection failed:</source>
        <translation>connessione non riuscita:</translation>
    </message>
    <message>
        <source>connection problem</source>
        <translation>problema di connessione</translation>
    </message>
    <message>
        <source>could not connect</source>
        <translation>impossibile connettersi</translation>
    </message>
    <message>
        <source>could not translate host</source>
        <translation>impossibile risolvere l&apos;host</translation>
    </message>
    <message>
        <source>create its tables</source>
        <translation>creare le sue tabelle</translation>
    </message>
    <message>
        <source>daily cap reached</source>
        <translation>tetto giornaliero raggiunto</translation>
    </message>
    <message>
        <source>daily message quota exceeded</source>
        <translation>quota giornaliera di messaggi superata</translation>
    </message>
    <message>
        <source>expandtabs is not available in templates</source>
        <translation>expandtabs non è disponibile nei modelli</translation>
    </message>
    <message>
        <source>expired after %1 attempts over %2: %3</source>
        <translation>scaduto dopo %1 tentativi in %2: %3</translation>
    </message>
    <message>
        <source>hard bounce%1: %2</source>
        <translation>rimbalzo definitivo%1: %2</translation>
    </message>
    <message>
        <source>imported from %1</source>
        <translation>importato da %1</translation>
    </message>
    <message>
        <source>internationalised address</source>
        <translation>indirizzo internazionalizzato</translation>
    </message>
    <message>
        <source>its folder</source>
        <translation>la sua cartella</translation>
    </message>
    <message>
        <source>larger than the relay accepts</source>
        <translation>più grande di quanto il relay accetti</translation>
    </message>
    <message>
        <source>looks like a bounce but names no recipient</source>
        <translation>sembra un rimbalzo ma non indica alcun destinatario</translation>
    </message>
    <message>
        <source>mailbox of %1 not checked: %2</source>
        <translation>casella di %1 non controllata: %2</translation>
    </message>
    <message>
        <source>mailbox: %1 bounces, %2 soft bounces, %3 complaints, %4 unsubscribes applied</source>
        <translation>casella: applicati %1 rimbalzi, %2 rimbalzi temporanei, %3 segnalazioni, %4 disiscrizioni</translation>
    </message>
    <message>
        <source>malformed mail (%1)</source>
        <translation>messaggio malformato (%1)</translation>
    </message>
    <message>
        <source>next window opens for %1%2, the first %3 (%4)</source>
        <translation>la prossima fascia si apre per %1%2, la prima %3 (%4)</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>nessuna risposta</translation>
    </message>
    <message>
        <source>no answer in time</source>
        <translation>nessuna risposta in tempo</translation>
    </message>
    <message>
        <source>no answer within %1 s</source>
        <translation>nessuna risposta entro %1 s</translation>
    </message>
    <message>
        <source>no password</source>
        <translation>nessuna password</translation>
    </message>
    <message>
        <source>no password is available for %1 (set %2 or enter it in Settings)</source>
        <translation>nessuna password disponibile per %1 (imposta %2 o inseriscila nelle Impostazioni)</translation>
    </message>
    <message>
        <source>no usable login method</source>
        <translation>nessun metodo di accesso utilizzabile</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>ancora nessuno</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>non connesso</translation>
    </message>
    <message>
        <source>over TLS</source>
        <translation>con TLS</translation>
    </message>
    <message>
        <source>paused by the relay</source>
        <translation>messa in pausa dal relay</translation>
    </message>
    <message>
        <source>permanent failure</source>
        <translation>errore definitivo</translation>
    </message>
    <message>
        <source>rate or policy limit</source>
        <translation>limite di velocità o di policy</translation>
    </message>
    <message>
        <source>recipient&apos;s send window</source>
        <translation>fascia di invio del destinatario</translation>
    </message>
    <message>
        <source>refused by the relay</source>
        <translation>rifiutato dal relay</translation>
    </message>
    <message>
        <source>scheduled for %1</source>
        <translation>programmata per %1</translation>
    </message>
    <message>
        <source>send window</source>
        <translation>fascia di invio</translation>
    </message>
    <message>
        <source>send window opens %1</source>
        <translation>la fascia di invio si apre %1</translation>
    </message>
    <message>
        <source>sending resumes by itself once there is room</source>
        <translation>l&apos;invio riprende da solo appena c&apos;è spazio</translation>
    </message>
    <message>
        <source>spam complaint%1</source>
        <translation>segnalazione di spam%1</translation>
    </message>
    <message>
        <source>staffetta check</source>
        <translation>staffetta check</translation>
    </message>
    <message>
        <source>staffetta ledger</source>
        <translation>staffetta ledger</translation>
    </message>
    <message>
        <source>staffetta sender %1</source>
        <translation>staffetta sender %1</translation>
    </message>
    <message>
        <source>suppressed by the user</source>
        <translation>escluso dall&apos;utente</translation>
    </message>
    <message>
        <source>syntax error</source>
        <translation>errore di sintassi</translation>
    </message>
    <message>
        <source>temporary failure</source>
        <translation>errore temporaneo</translation>
    </message>
    <message>
        <source>the CA file %1 cannot be read (%2)</source>
        <translation>il file della CA %1 non si può leggere (%2)</translation>
    </message>
    <message>
        <source>the CA file %1 holds no usable PEM certificate (%2)</source>
        <translation>il file della CA %1 non contiene un certificato PEM utilizzabile (%2)</translation>
    </message>
    <message>
        <source>the TLS handshake with the relay failed (%1)</source>
        <translation>l&apos;handshake TLS con il relay non è riuscito (%1)</translation>
    </message>
    <message>
        <source>the address cannot be sent safely (%1 is not a plain mailbox address)</source>
        <translation>l&apos;indirizzo non si può inviare in sicurezza (%1 non è un semplice indirizzo di casella)</translation>
    </message>
    <message>
        <source>the address needs SMTPUTF8, which this relay does not support</source>
        <translation>l&apos;indirizzo richiede SMTPUTF8, che questo relay non supporta</translation>
    </message>
    <message>
        <source>the certificate of %1 has expired</source>
        <translation>il certificato di %1 è scaduto</translation>
    </message>
    <message>
        <source>the certificate of %1 is for another host name, not %2</source>
        <translation>il certificato di %1 è per un altro nome host, non %2</translation>
    </message>
    <message>
        <source>the certificate of %1 is not valid yet</source>
        <translation>il certificato di %1 non è ancora valido</translation>
    </message>
    <message>
        <source>the certificate of %1 is self-signed: no authority vouches for it</source>
        <translation>il certificato di %1 è autofirmato: nessuna autorità lo garantisce</translation>
    </message>
    <message>
        <source>the certificate of %1 was issued by an authority this computer does not trust (a private or company CA)</source>
        <translation>il certificato di %1 è stato emesso da un&apos;autorità di cui questo computer non si fida (una CA privata o aziendale)</translation>
    </message>
    <message>
        <source>the certificate of %1 was refused (%2)</source>
        <translation>il certificato di %1 è stato rifiutato (%2)</translation>
    </message>
    <message>
        <source>the character %1 cannot be used inside a tag</source>
        <translation>il carattere %1 non si può usare dentro un tag</translation>
    </message>
    <message>
        <source>the connection was refused: no mail server is listening on port %1</source>
        <translation>la connessione è stata rifiutata: nessun server di posta è in ascolto sulla porta %1</translation>
    </message>
    <message>
        <source>the domain %1 is suppressed%2</source>
        <translation>il dominio %1 è escluso%2</translation>
    </message>
    <message>
        <source>the end of the template</source>
        <translation>la fine del modello</translation>
    </message>
    <message>
        <source>the host name %1 could not be found</source>
        <translation>il nome host %1 non è stato trovato</translation>
    </message>
    <message>
        <source>the message is %1 and %2 accepts at most %3 (its SIZE limit), so it was not sent</source>
        <translation>il messaggio è di %1 e %2 accetta al massimo %3 (il suo limite SIZE), quindi non è stato inviato</translation>
    </message>
    <message>
        <source>the message is larger than the relay accepts</source>
        <translation>il messaggio è più grande di quanto il relay accetti</translation>
    </message>
    <message>
        <source>the network is unreachable (are you online?)</source>
        <translation>la rete non è raggiungibile (sei online?)</translation>
    </message>
    <message>
        <source>the recipient&apos;s send window opens %1 (%2)</source>
        <translation>la fascia di invio del destinatario si apre %1 (%2)</translation>
    </message>
    <message>
        <source>the relay answered with %1</source>
        <translation>il relay ha risposto con %1</translation>
    </message>
    <message>
        <source>the relay answered with %1%2</source>
        <translation>il relay ha risposto con %1%2</translation>
    </message>
    <message>
        <source>the relay closed the connection</source>
        <translation>il relay ha chiuso la connessione</translation>
    </message>
    <message>
        <source>the relay does not offer STARTTLS, which this profile requires (someone may be stripping it)</source>
        <translation>il relay non offre STARTTLS, che questo profilo richiede (qualcuno potrebbe toglierlo)</translation>
    </message>
    <message>
        <source>the relay offers no login Staffetta can use%1</source>
        <translation>il relay non offre un accesso che Staffetta possa usare%1</translation>
    </message>
    <message>
        <source>the relay refuses the sender address</source>
        <translation>il relay rifiuta l&apos;indirizzo del mittente</translation>
    </message>
    <message>
        <source>the relay refuses us (%1)</source>
        <translation>il relay ci rifiuta (%1)</translation>
    </message>
    <message>
        <source>the relay said %1 %2</source>
        <translation>il relay ha detto %1 %2</translation>
    </message>
    <message>
        <source>the relay&apos;s reply was not SMTP</source>
        <translation>la risposta del relay non era SMTP</translation>
    </message>
    <message>
        <source>the team database cannot be reached: %1</source>
        <translation>il database del team non è raggiungibile: %1</translation>
    </message>
    <message>
        <source>the template asks for a width or count that is too large</source>
        <translation>il modello chiede una larghezza o un conteggio troppo grande</translation>
    </message>
    <message>
        <source>the template computes a number that is too large</source>
        <translation>il modello calcola un numero troppo grande</translation>
    </message>
    <message>
        <source>the template ends inside a tag: close it with }} or %}</source>
        <translation>il modello finisce dentro un tag: chiudilo con }} o %}</translation>
    </message>
    <message>
        <source>the template takes too long to render</source>
        <translation>il modello impiega troppo a comporsi</translation>
    </message>
    <message>
        <source>the template tries to build a value that is too large</source>
        <translation>il modello cerca di costruire un valore troppo grande</translation>
    </message>
    <message>
        <source>the template uses a format width that is too large</source>
        <translation>il modello usa una larghezza di formato troppo grande</translation>
    </message>
    <message>
        <source>the value %1 cannot be part of a file name (no &apos;/&apos;, &apos;\&apos; or &apos;..&apos;)</source>
        <translation>il valore %1 non può far parte del nome di un file (niente &apos;/&apos;, &apos;\&apos; o &apos;..&apos;)</translation>
    </message>
    <message>
        <source>then run the command again</source>
        <translation>poi esegui di nuovo il comando</translation>
    </message>
    <message>
        <source>this line has a tag that cannot be read: check its {{ }} and {% %}</source>
        <translation>questa riga ha un tag che non si riesce a leggere: controlla i suoi {{ }} e {% %}</translation>
    </message>
    <message>
        <source>this profile has a username but no TLS, and Staffetta never sends a password in plaintext unless you allow it</source>
        <translation>questo profilo ha un nome utente ma non il TLS, e Staffetta non invia mai una password in chiaro se non lo consenti</translation>
    </message>
    <message>
        <source>this {% %1 %} is never closed: add {% end%2 %} where it should end</source>
        <translation>questo {% %1 %} non viene mai chiuso: aggiungi {% end%2 %} dove deve finire</translation>
    </message>
    <message>
        <source>this {{ is never closed: add }} after the variable</source>
        <translation>questa {{ non viene mai chiusa: aggiungi }} dopo la variabile</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>tempo scaduto</translation>
    </message>
    <message>
        <source>timeout expired</source>
        <translation>tempo scaduto</translation>
    </message>
    <message>
        <source>too many emails per second</source>
        <translation>troppe email al secondo</translation>
    </message>
    <message>
        <source>unexpected end of template</source>
        <translation>fine inattesa del modello</translation>
    </message>
    <message>
        <source>unexpected reply</source>
        <translation>risposta inattesa</translation>
    </message>
    <message>
        <source>unreadable mail (%1)</source>
        <translation>messaggio illeggibile (%1)</translation>
    </message>
    <message>
        <source>unsubscribe mailbox</source>
        <translation>casella per le disiscrizioni</translation>
    </message>
    <message>
        <source>unsubscribe request by mail</source>
        <translation>richiesta di disiscrizione per posta</translation>
    </message>
    <message>
        <source>unsubscribed by mail (List-Unsubscribe)</source>
        <translation>disiscritto per posta (List-Unsubscribe)</translation>
    </message>
    <message>
        <source>upgrade its tables</source>
        <translation>aggiornare le sue tabelle</translation>
    </message>
    <message>
        <source>verification failed</source>
        <translation>verifica non riuscita</translation>
    </message>
    <message>
        <source>with STARTTLS</source>
        <translation>con STARTTLS</translation>
    </message>
    <message>
        <source>without TLS%1</source>
        <translation>senza TLS%1</translation>
    </message>
    <message>
        <source>{% %1 %} cannot come here: an {% %2 %}%3 has one {% else %}, after any {% elif %}</source>
        <translation>{% %1 %} non può stare qui: un {% %2 %}%3 ha un solo {% else %}, dopo gli eventuali {% elif %}</translation>
    </message>
    <message>
        <source>{% %1 %} closes nothing: there is no {% %2 %} before it</source>
        <translation>{% %1 %} non chiude nulla: prima non c&apos;è alcun {% %2 %}</translation>
    </message>
    <message>
        <source>{% %1 %} does not fit here: the {% %2 %}%3 is still open; close it with {% end%4 %} first</source>
        <translation>{% %1 %} non va qui: il {% %2 %}%3 è ancora aperto; chiudilo prima con {% end%4 %}</translation>
    </message>
    <message>
        <source>{% %1 %} is not a template tag; use if, for or set, for example {% if first_name %}…{% endif %}</source>
        <translation>{% %1 %} non è un tag dei modelli; usa if, for o set, per esempio {% if first_name %}…{% endif %}</translation>
    </message>
    <message>
        <source>“Allow sending the password without TLS” in the profile (smtp add --allow-insecure-auth)</source>
        <translation>“Consenti di inviare la password senza TLS” nel profilo (smtp add --allow-insecure-auth)</translation>
    </message>
    <message>
        <source>“CA certificate” in the profile (smtp add --ca-file PEM)</source>
        <translation>“Certificato CA” nel profilo (smtp add --ca-file PEM)</translation>
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
        <source>The disk is full: there is no room left for the database in %1.</source>
        <translation>Il disco è pieno: non c&apos;è più spazio per il database in %1.</translation>
    </message>
    <message>
        <source>Connected to %1 over TLS, logged in as %2.</source>
        <translation>Connesso a %1 con TLS, accesso come %2.</translation>
    </message>
    <message>
        <source>Connected to %1 with STARTTLS, logged in as %2.</source>
        <translation>Connesso a %1 con STARTTLS, accesso come %2.</translation>
    </message>
    <message>
        <source>Connected to %1 without TLS, logged in as %2.</source>
        <translation>Connesso a %1 senza TLS, accesso come %2.</translation>
    </message>
    <message>
        <source>Connected to %1 over TLS.</source>
        <translation>Connesso a %1 con TLS.</translation>
    </message>
    <message>
        <source>Connected to %1 with STARTTLS.</source>
        <translation>Connesso a %1 con STARTTLS.</translation>
    </message>
    <message>
        <source>Connected to %1 without TLS (local test relay).</source>
        <translation>Connesso a %1 senza TLS (relay di prova locale).</translation>
    </message>
    <message>
        <source>Connected to %1 without TLS.</source>
        <translation>Connesso a %1 senza TLS.</translation>
    </message>
    <message>
        <source>Ready to send.</source>
        <translation>Pronto per inviare.</translation>
    </message>
    <message>
        <source>%1 refused the login: %2.</source>
        <translation>%1 ha rifiutato l&apos;accesso: %2.</translation>
    </message>
    <message>
        <source>Check the username and password of the SMTP profile.</source>
        <translation>Controlla nome utente e password del profilo SMTP.</translation>
    </message>
    <message>
        <source>Check the profile&apos;s host, port and security settings.</source>
        <translation>Controlla host, porta e sicurezza del profilo.</translation>
    </message>
    <message>
        <source>Cannot reach %1: %2.</source>
        <translation>Impossibile raggiungere %1: %2.</translation>
    </message>
    <message>
        <source>Check the host and port, and that you are online.</source>
        <translation>Controlla host e porta, e di essere connesso a Internet.</translation>
    </message>
    <message>
        <source>The SMTP host is empty.</source>
        <translation>L&apos;host SMTP è vuoto.</translation>
    </message>
    <message>
        <source>For example smtp.example.com.</source>
        <translation>Per esempio smtp.example.com.</translation>
    </message>
    <message>
        <source>Port %1 is not a valid port.</source>
        <translation>%1 non è una porta valida.</translation>
    </message>
    <message>
        <source>Use 1 to 65535.</source>
        <translation>Usa un numero da 1 a 65535.</translation>
    </message>
    <message>
        <source>Sending to %1 without TLS would expose your mail and password.</source>
        <translation>Inviare a %1 senza TLS esporrebbe posta e password.</translation>
    </message>
    <message>
        <source>Use --security starttls or tls (only a relay on this computer may go without).</source>
        <translation>Scegli STARTTLS o TLS (solo un relay su questo computer può farne a meno).</translation>
    </message>
    <message>
        <source>The profile needs a name.</source>
        <translation>Il profilo ha bisogno di un nome.</translation>
    </message>
    <message>
        <source>An SMTP profile named %1 already exists.</source>
        <translation>Esiste già un profilo SMTP chiamato %1.</translation>
    </message>
    <message>
        <source>No password is stored for the SMTP profile %1.</source>
        <translation>Nessuna password conservata per il profilo SMTP %1.</translation>
    </message>
    <message>
        <source>Set the environment variable %1 or enter the password in Settings.</source>
        <translation>Imposta la variabile d&apos;ambiente %1 o inserisci la password in Impostazioni.</translation>
    </message>
    <message>
        <source>The CA certificate file %1 does not exist.</source>
        <translation>Il file del certificato CA %1 non esiste.</translation>
    </message>
    <message>
        <source>Choose the PEM file your relay&apos;s administrator gave you.</source>
        <translation>Scegli il file PEM che ti ha dato l&apos;amministratore del relay.</translation>
    </message>
    <message>
        <source>%1 holds no PEM certificate Staffetta can use (%2).</source>
        <translation>%1 non contiene un certificato PEM che Staffetta possa usare (%2).</translation>
    </message>
    <message>
        <source>It must be a PEM file (text starting with -----BEGIN CERTIFICATE-----).</source>
        <translation>Deve essere un file PEM (testo che inizia con -----BEGIN CERTIFICATE-----).</translation>
    </message>
    <message>
        <source>The longest retry delay must be ≥ the first.</source>
        <translation>L&apos;attesa più lunga tra i tentativi deve essere ≥ della prima.</translation>
    </message>
    <message>
        <source>The file %1 does not exist.</source>
        <translation>Il file %1 non esiste.</translation>
    </message>
    <message>
        <source>Check the path.</source>
        <translation>Controlla il percorso.</translation>
    </message>
    <message>
        <source>%1 is a folder, not a CSV file.</source>
        <translation>%1 è una cartella, non un file CSV.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation>Impossibile leggere %1: %2.</translation>
    </message>
    <message>
        <source>%1 is not a text/CSV file: it looks like %2.</source>
        <translation>%1 non è un file di testo/CSV: sembra %2.</translation>
    </message>
    <message>
        <source>Save your contacts as CSV from your spreadsheet (File → Save As → CSV) and import that.</source>
        <translation>Salva i contatti in CSV dal foglio di calcolo (File → Salva con nome → CSV) e importa quello.</translation>
    </message>
    <message>
        <source>Export your contacts as CSV and import that.</source>
        <translation>Esporta i contatti in CSV e importa quello.</translation>
    </message>
    <message>
        <source>%1 is empty.</source>
        <translation>%1 è vuoto.</translation>
    </message>
    <message>
        <source>%1 has no rows.</source>
        <translation>%1 non ha righe.</translation>
    </message>
    <message>
        <source>Choose a CSV file with contacts.</source>
        <translation>Scegli un file CSV con dei contatti.</translation>
    </message>
    <message>
        <source>%1 is not valid %2 text after line %3 (%4 contacts were stored before it).</source>
        <translation>%1 non è testo %2 valido dopo la riga %3 (prima sono stati salvati %4 contatti).</translation>
    </message>
    <message>
        <source>Import it again choosing the right encoding (from Excel on Windows: cp1252); contacts already stored are updated, not duplicated.</source>
        <translation>Importalo di nuovo scegliendo la codifica giusta (da Excel su Windows: cp1252); i contatti già salvati vengono aggiornati, non duplicati.</translation>
    </message>
    <message>
        <source>%1 is not valid %2 text (%3).</source>
        <translation>%1 non è testo %2 valido (%3).</translation>
    </message>
    <message>
        <source>Choose the right encoding (for files from Excel on Windows: cp1252).</source>
        <translation>Scegli la codifica giusta (per i file di Excel su Windows: cp1252).</translation>
    </message>
    <message>
        <source>The email address is empty.</source>
        <translation>L&apos;indirizzo email è vuoto.</translation>
    </message>
    <message>
        <source>An email address must have an @-sign.</source>
        <translation>Un indirizzo email deve contenere una @.</translation>
    </message>
    <message>
        <source>The part after the @-sign contains invalid characters: %1.</source>
        <translation>La parte dopo la @ contiene caratteri non validi: %1.</translation>
    </message>
    <message>
        <source>The part after the @-sign is not valid.</source>
        <translation>La parte dopo la @ non è valida.</translation>
    </message>
    <message>
        <source>It should have a period.</source>
        <translation>Dovrebbe contenere un punto.</translation>
    </message>
    <message>
        <source>The email address contains invalid characters before the @-sign: %1.</source>
        <translation>L&apos;indirizzo email contiene caratteri non validi prima della @: %1.</translation>
    </message>
    <message>
        <source>An email address cannot have a hyphen immediately after the @-sign.</source>
        <translation>Un indirizzo email non può avere un trattino subito dopo la @.</translation>
    </message>
    <message>
        <source>An email address cannot have two periods in a row.</source>
        <translation>Un indirizzo email non può avere due punti di seguito.</translation>
    </message>
    <message>
        <source>An email address cannot start with a period.</source>
        <translation>Un indirizzo email non può iniziare con un punto.</translation>
    </message>
    <message>
        <source>An email address cannot end with a period.</source>
        <translation>Un indirizzo email non può finire con un punto.</translation>
    </message>
    <message>
        <source>An email address cannot have a period immediately after the @-sign.</source>
        <translation>Un indirizzo email non può avere un punto subito dopo la @.</translation>
    </message>
    <message>
        <source>The part after the @-sign is a special-use or reserved name that cannot be used with email.</source>
        <translation>La parte dopo la @ è un nome riservato o per usi speciali che non si può usare per la posta.</translation>
    </message>
    <message>
        <source>A bracketed IP address after the @-sign is not allowed here.</source>
        <translation>Un indirizzo IP tra parentesi quadre dopo la @ qui non è ammesso.</translation>
    </message>
    <message>
        <source>After the @-sign, periods cannot be separated by so many characters (%1 characters too many).</source>
        <translation>Dopo la @, tra un punto e l&apos;altro non possono esserci così tanti caratteri (%1 di troppo).</translation>
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
