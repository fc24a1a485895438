import { notFound } from "next/navigation";
import { requireSession, siteOrigin } from "@/app/_lib/session.ts";
import { listInvitations, listUsers } from "@/lib/auth/invitations.ts";
import { Time } from "@/components/time.tsx";
import { DeleteUser } from "./delete-user.tsx";
import { Invitations } from "./invitations.tsx";

export const metadata = { title: "Users" };

export default async function UsersPage() {
  const session = await requireSession();
  if (!session.actor.isAdmin) notFound();
  const [users, invitations, origin] = await Promise.all([listUsers(session.actor), listInvitations(session.actor), siteOrigin()]);
  return (
    <div className="stack">
      <h1>Users</h1>
      <Invitations origin={origin} invitations={JSON.parse(JSON.stringify(invitations))} />
      <section className="card stack-sm" aria-labelledby="users-heading">
        <h2 id="users-heading">Users</h2>
        <div className="table-wrap">
          <table className="table" aria-label="Users">
            <thead><tr><th scope="col">User</th><th scope="col">Role</th><th scope="col" className="num">Apps owned</th><th scope="col">Joined</th><th scope="col" className="actions"><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.username} data-user={u.username}>
                  <td className="mono">{u.username}</td>
                  <td>{u.isAdmin ? "admin" : "user"}</td>
                  <td className="num">{u.apps}</td>
                  <td><Time date={u.createdAt} /></td>
                  {/* One's own account is deleted by another admin. */}
                  <td className="actions">{u.username === session.actor.username ? null : <DeleteUser username={u.username} apps={u.apps} others={users.map((o) => o.username).filter((o) => o !== u.username)} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
