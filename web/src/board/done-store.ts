/**
 * Which recommendations the user has marked done this week, per workspace,
 * kept in this browser: the analysis has no "done" of its own, and next
 * week's board starts fresh.
 */
export function isoWeek(d = new Date()): string {
  const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const year = t.getUTCFullYear();
  const week = Math.ceil(((t.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export class DoneStore {
  private readonly key: string;
  private readonly done: Set<string>;

  constructor(workspaceId: string) {
    this.key = `nurture.done.${workspaceId}.${isoWeek()}`;
    let saved: string[] = [];
    try {
      saved = JSON.parse(localStorage.getItem(this.key) ?? '[]') as string[];
    } catch {
      saved = [];
    }
    this.done = new Set(Array.isArray(saved) ? saved.filter((x) => typeof x === 'string') : []);
  }

  has(id: string): boolean {
    return this.done.has(id);
  }

  set(id: string, done: boolean): void {
    if (done) this.done.add(id);
    else this.done.delete(id);
    try {
      localStorage.setItem(this.key, JSON.stringify([...this.done]));
    } catch {
      // storage full or private: remembered for this page only
    }
  }
}
