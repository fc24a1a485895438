import { JoinForm } from "./join-form.tsx";

export const metadata = { title: "Join Berth" };

export default function JoinPage() {
  return (
    <div className="card stack">
      <h1>Join Berth</h1>
      <p className="subtle">An admin invited you. Choose a user name and a password to create your account.</p>
      <JoinForm />
    </div>
  );
}
