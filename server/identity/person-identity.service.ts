/**
 * People created through the API meet the same identity resolver as every
 * import (server/domain/identity.ts): a new person whose profile URL or email
 * someone in the workspace already has is that person, so the create is
 * refused (409) naming them, instead of splitting one human in two. Names
 * alone never refuse a create: two people may share one.
 */
import type { Person, PersonCreate } from '../../shared/index.js';
import { AppError } from '../core/app-error.js';
import { IdentityIndex, knownPerson, probeKeys } from '../domain/identity.js';
import type { Store } from '../store/store.port.js';

export async function identityIndexOf(store: Store, ws: string): Promise<IdentityIndex<string>> {
  const index = new IdentityIndex<string>();
  for (const p of await store.personIdentities(ws))
    index.add(knownPerson(p.id, { ...p, linkedinUrl: null }, p.linkedinKey));
  return index;
}

/** Throws CONFLICT when someone on file has the URL or an email of `input`. */
export async function assertNewIdentity(store: Store, ws: string, input: PersonCreate): Promise<void> {
  if (!input.linkedinUrl && !input.emails?.length) return;
  const keys = probeKeys({ url: input.linkedinUrl ?? null, emails: input.emails ?? null });
  const found = (await identityIndexOf(store, ws)).resolve(keys, { names: false });
  if (found.kind !== 'match') return;
  const id = found.person.handle;
  if (found.by === 'url') {
    throw new AppError('CONFLICT', `A person with this LinkedIn profile already exists in this workspace: ${id}`, {
      errors: [{ path: 'body.linkedinUrl', message: `person ${id} has this profile URL` }],
    });
  }
  const at = (input.emails ?? []).findIndex((e) => found.person.emails.includes(e.trim().toLowerCase()));
  throw new AppError('CONFLICT', `A person with this email already exists in this workspace: ${id}`, {
    errors: [{ path: `body.emails.${Math.max(0, at)}`, message: `person ${id} has this email` }],
  });
}

/** `create` of the people service, resolved first. */
export function identifiedCreate(
  store: Store,
  create: (ws: string, input: PersonCreate) => Promise<Person>,
): (ws: string, input: PersonCreate) => Promise<Person> {
  return async (ws, input) => {
    await assertNewIdentity(store, ws, input);
    return create(ws, input);
  };
}
