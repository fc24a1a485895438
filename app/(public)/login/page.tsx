import { redirect } from "next/navigation";
import { getSession } from "@/app/_lib/session.ts";
import { LoginForm } from "./login-form.tsx";

export const metadata = { title: "Log in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ loggedOut?: string; next?: string }> }) {
  if (await getSession()) redirect("/");
  const { loggedOut, next } = await searchParams;
  // Only a path on this site: an open redirect would make the login page a phishing tool.
  const target = next && /^\/(?!\/)[\w\-./?=&%]*$/.test(next) ? next : "/";
  return (
    <div className="card stack">
      <h1>Log in to Berth</h1>
      {loggedOut ? <p className="alert alert-ok" role="status">You are logged out.</p> : null}
      <LoginForm next={target} />
    </div>
  );
}
