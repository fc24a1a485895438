// The signed-in user's own account: changing the password.
import { db } from "../db.ts";
import { BerthError } from "../errors.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import { changePasswordInput } from "./schemas.ts";
import { endOtherSessions } from "./sessions.ts";
import type { Actor } from "./users.ts";

/** Changes the password and ends the user's other dashboard sessions (API tokens stay valid). */
export async function changePassword(actor: Actor, body: unknown, keepSessionId?: string): Promise<void> {
  const input = changePasswordInput.parse(body);
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.id } });
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) throw new BerthError("invalid", "currentPassword: the current password is wrong");
  if (input.currentPassword === input.newPassword) throw new BerthError("invalid", "newPassword: choose a password different from the current one");
  await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(input.newPassword) } });
  await endOtherSessions(user.id, keepSessionId);
}
