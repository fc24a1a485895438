"use client";
// One click provisions: the add-on appears at once in state "provisioning" and its card follows it.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiJson } from "@/components/api.ts";
import { Feedback } from "@/components/feedback.tsx";
import { useAction } from "@/components/use-action.ts";

interface Service {
  name: string;
  software: string;
  description: string;
  configVar: string;
  defaultPlan: string;
  plans: { name: string; memoryMb: number; description: string }[];
}

export function Catalog({ app, services }: { app: string; services: Service[] }) {
  return (
    <section className="stack-sm" aria-labelledby="catalog-heading">
      <h2 id="catalog-heading">Catalog</h2>
      <div className="grid-2" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(240px, 1fr))" }}>
        {services.map((s) => <ServiceCard key={s.name} app={app} service={s} />)}
      </div>
    </section>
  );
}

function ServiceCard({ app, service }: { app: string; service: Service }) {
  const router = useRouter();
  const action = useAction();
  const [plan, setPlan] = useState(service.defaultPlan);
  const add = () =>
    action.run(async () => {
      const created = await apiJson<{ name: string; configVar: string }>("POST", `/api/v1/apps/${app}/addons`, { service: service.name, plan });
      router.refresh();
      return `Provisioning ${created.name}; ${created.configVar} is set when it answers.`;
    });
  return (
    <article className="card stack-sm" data-service={service.name}>
      <h3>{service.name}</h3>
      <p className="subtle">{service.software}</p>
      <p>{service.description}</p>
      <p className="subtle">Sets <code>{service.configVar}</code></p>
      <div className="row">
        <label htmlFor={`plan-${service.name}`} className="sr-only">Plan for {service.name}</label>
        <select id={`plan-${service.name}`} className="input" value={plan} onChange={(e) => setPlan(e.target.value)}>
          {service.plans.map((p) => <option key={p.name} value={p.name}>{p.name} ({p.memoryMb} MB)</option>)}
        </select>
        <button type="button" className="btn btn-primary" onClick={add} disabled={action.pending}>Add {service.name}</button>
      </div>
      <Feedback state={action} pendingLabel={`Adding ${service.name}…`} />
    </article>
  );
}
