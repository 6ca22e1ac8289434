import Link from 'next/link';

export default function HomePage() {
  return (
    <main>
      <h1>ScanShare</h1>
      <div className="card">
        <p>Imaging studies shared by a time-limited, audited link instead of a CD.</p>
        <p>
          Received a link? Open it as given to you. <br />
          Facility staff: <Link href="/sign-in">sign in</Link>.
        </p>
      </div>
    </main>
  );
}
