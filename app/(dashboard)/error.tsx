"use client";
// Anything a page could not load: say what, and offer to try again (never a blank page).
export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="card stack" role="alert">
      <h1>This page could not be loaded</h1>
      <p>{error.digest ? "Berth hit an error; the server log has the details" : error.message}{error.digest ? ` (reference ${error.digest})` : ""}.</p>
      <div className="row">
        <button type="button" className="btn btn-primary" onClick={reset}>Try again</button>
        <a className="btn" href="/">Back to apps</a>
      </div>
    </div>
  );
}
