"use client";

// The last resort when even the layout fails: plain, bilingual, no details.
export default function GlobalError() {
  return (
    <html lang="sv">
      <body>
        <main>
          <h1>Något gick fel / Something went wrong</h1>
          <p>
            Inget har ändrats. Försök igen om en stund. / Nothing was changed. Please try again in a moment.
          </p>
        </main>
      </body>
    </html>
  );
}
