import { CreateAppForm } from "./create-app-form.tsx";

export const metadata = { title: "Create app" };

export default function NewAppPage() {
  return (
    <div className="stack" style={{ maxWidth: 560 }}>
      <h1>Create an app</h1>
      <div className="card">
        <CreateAppForm />
      </div>
    </div>
  );
}
