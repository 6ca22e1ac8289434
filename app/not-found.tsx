// The one not-found page. Unknown, expired, revoked and locked links all land
// here, so a visitor cannot tell them apart; the audit log records which it was.
export default function NotFound() {
  return (
    <main>
      <h1>This link is not available</h1>
      <div className="card">
        <p>The page or share link you opened does not exist, has expired, or is no longer active.</p>
        <p className="muted">If someone shared imaging studies with you, ask them for a new link.</p>
      </div>
    </main>
  );
}
