// What time can be logged on, as the timer's and the time form's picker offer it: each
// client, its contracts under way, and the open tasks. A choice is its `Target` as text
// ("client:3"), so one <select> holds all three kinds.
import { call, commands, type Target } from "./api";

export type TargetGroup = { label: string; options: { value: string; label: string }[] };

export function targetValue(t: Target): string {
  return `${t.kind}:${t.id}`;
}

export function parseTarget(value: string): Target | null {
  const [kind, id] = value.split(":");
  const n = Number(id);
  if (!Number.isInteger(n)) return null;
  if (kind === "client" || kind === "contract" || kind === "task") return { kind, id: n };
  return null;
}

/** The choices, loaded from the book. */
export async function loadTargets(): Promise<TargetGroup[]> {
  const [clients, contracts, tasks] = await Promise.all([
    call(commands.clientsList(false)),
    call(commands.contractsList(null)),
    call(commands.tasksList(null, false)),
  ]);
  const underWay = new Set(["signed_by_client", "signed_by_both", "active"]);
  return [
    { label: "Clients", options: clients.map((c) => ({ value: `client:${c.id}`, label: c.name })) },
    {
      label: "Contracts",
      options: contracts
        .filter((k) => underWay.has(k.state))
        .map((k) => ({ value: `contract:${k.id}`, label: `${k.title} (${k.client})` })),
    },
    {
      label: "Tasks",
      options: tasks.map((t) => ({
        value: `task:${t.id}`,
        label: t.client ? `${t.title} (${t.client})` : t.title,
      })),
    },
  ].filter((g) => g.options.length > 0);
}

/** Minutes as a clock reading: 0:05, 1:30, 12:00. */
export function clockText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h}:${String(m).padStart(2, "0")}`;
}
