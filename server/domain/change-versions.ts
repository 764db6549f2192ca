/**
 * What both adapters do with the workspaces' change versions (Store.foreignChanges):
 * remember the versions seen, tell which moved since, and leave out the ones the
 * store committed itself.
 */
import type { ForeignChange, ImportResult } from '../store/store.port.js';

export interface VersionRow {
  workspaceId: string;
  version: number;
  /** The version of the last transaction that erased a person (0: none). */
  erased: number;
}

export class ChangeVersions {
  private readonly seen = new Map<string, { version: number; erased: number }>();
  private primed = false;

  /**
   * A version this store committed (call after the commit). It is left out of the
   * next report, unless another connection committed one in between: then the
   * report still names the workspace, and the caller recomputes once more.
   */
  own(workspaceId: string, version: number, erased: boolean): void {
    const s = this.seen.get(workspaceId);
    if (s && s.version === version - 1) this.seen.set(workspaceId, { version, erased: erased ? version : s.erased });
  }

  /** The database's versions now, against those seen before; the first call reports every workspace. */
  diff(rows: Iterable<VersionRow>): ForeignChange[] {
    const out: ForeignChange[] = [];
    const present = new Set<string>();
    for (const r of rows) {
      present.add(r.workspaceId);
      const s = this.seen.get(r.workspaceId);
      if (!s || s.version !== r.version || !this.primed) {
        out.push({
          workspaceId: r.workspaceId,
          version: r.version,
          erased: s !== undefined && r.erased !== s.erased,
          deleted: false,
        });
      }
      this.seen.set(r.workspaceId, { version: r.version, erased: r.erased });
    }
    for (const [workspaceId, s] of this.seen) {
      if (present.has(workspaceId)) continue;
      this.seen.delete(workspaceId);
      out.push({ workspaceId, version: s.version + 1, erased: false, deleted: true });
    }
    this.primed = true;
    return out;
  }
}

/** Whether an import wrote anything the analytics read (a provenance record alone is not). */
export function importChanged(r: ImportResult): boolean {
  return r.people.created + r.people.updated + r.organizations.created + r.ties.created + r.interactions.created > 0;
}
