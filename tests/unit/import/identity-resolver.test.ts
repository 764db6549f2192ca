/**
 * The identity resolver (server/domain/identity.ts): the order of evidence, ambiguity never
 * guessed, contradictions, stable keys claimed once, and linear work (the name index built once).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdentityIndex, type Known, knownPerson, probeKeys } from '../../../server/domain/identity.js';

const person = (id: string, p: Parameters<typeof knownPerson>[1]) => knownPerson(id, p);
const index = (...people: Known<string>[]) => {
  const ix = new IdentityIndex<string>();
  for (const p of people) ix.add(p);
  return ix;
};
const matchOf = (r: ReturnType<IdentityIndex<string>['resolve']>) =>
  r.kind === 'match' ? `${r.person.handle} by ${r.by}` : r.kind;

describe('identity resolver', () => {
  it('finds nobody in an empty index, and nobody for a probe without keys or name', () => {
    expect(matchOf(index().resolve(probeKeys({ name: 'Ann Lee' })))).toBe('none');
    expect(matchOf(index(person('a', { name: 'Ann Lee' })).resolve(probeKeys({})))).toBe('none');
  });

  it('matches by profile URL first (written either way), then by any email', () => {
    const ix = index(
      person('a', { name: 'Ann Lee', linkedinUrl: 'https://www.linkedin.com/in/J%C3%B6rg-M/' }),
      person('b', { name: 'Bob', emails: ['Bob@Example.com', 'bob@work.io'] }),
    );
    expect(matchOf(ix.resolve(probeKeys({ url: 'linkedin.com/in/jörg-m', name: 'Other' })))).toBe('a by url');
    expect(matchOf(ix.resolve(probeKeys({ emails: ['x@y.z', 'BOB@work.io'] })))).toBe('b by email');
  });

  it('an email on someone with another profile URL is no match: two URLs are two people', () => {
    const ix = index(
      person('a', { name: 'Ann', linkedinUrl: 'https://linkedin.com/in/ann', emails: ['team@acme.io'] }),
    );
    expect(matchOf(ix.resolve(probeKeys({ url: 'https://linkedin.com/in/ben', emails: ['team@acme.io'] })))).toBe(
      'none',
    );
  });

  it('the owner by one of their names, for parties only, unless their URL says otherwise', () => {
    expect(index(person('z', { name: 'Zoë' })).owner).toBeNull();
    const me = person('me', { name: 'Me Myself', isMe: true });
    const ix2 = index(me);
    ix2.setOwner(me, 'Jörg Müller');
    expect(matchOf(ix2.resolve(probeKeys({ name: 'JORG  MULLER' }), { owner: true }))).toBe('me by owner');
    expect(matchOf(ix2.resolve(probeKeys({ name: 'Jörg Müller' })))).toBe('none');
    ix2.learn(me, { url: 'linkedin.com/in/me' });
    expect(
      matchOf(ix2.resolve(probeKeys({ name: 'Me Myself', url: 'https://linkedin.com/in/other' }), { owner: true })),
    ).toBe('none');
  });

  it('a unique folded name matches; two make it ambiguous, with both as candidates', () => {
    const ix = index(
      person('a', { name: 'José  Núñez' }),
      person('b', { name: 'Ann Lee' }),
      person('c', { name: 'ann lee' }),
    );
    expect(matchOf(ix.resolve(probeKeys({ name: 'jose nunez', url: 'https://linkedin.com/in/jose' })))).toBe(
      'a by name',
    );
    const r = ix.resolve(probeKeys({ name: 'Ann Lee' }));
    expect(r.kind).toBe('ambiguous');
    expect(r.kind === 'ambiguous' && r.candidates.map((c) => c.handle)).toEqual(['b', 'c']);
    expect(matchOf(ix.resolve(probeKeys({ name: 'Ann Lee' }), { names: false }))).toBe('none');
    expect(matchOf(ix.resolve(probeKeys({ name: 'Ann Lee' }), { names: (n) => n !== 'ann lee' }))).toBe('none');
  });

  it('a name does not match someone whose URL or connection date says it is someone else', () => {
    const ix = index(
      person('a', { name: 'Ann Lee', linkedinUrl: 'https://linkedin.com/in/ann-1', connectedOn: '2020-01-01' }),
    );
    expect(matchOf(ix.resolve(probeKeys({ name: 'Ann Lee', url: 'https://linkedin.com/in/ann-2' })))).toBe('none');
    expect(matchOf(ix.resolve({ ...probeKeys({ name: 'Ann Lee' }), connectedOn: '2021-01-01' }))).toBe('none');
    expect(matchOf(ix.resolve({ ...probeKeys({ name: 'Ann Lee' }), connectedOn: '2020-01-01' }))).toBe('a by name');
  });

  it('rows claim people by name, date and company (position breaking a tie), each person once', () => {
    const ix = index(
      person('ibm', { name: 'John Smith', company: 'IBM', connectedOn: '2021-05-05', position: 'Engineer' }),
      person('ibm2', { name: 'John Smith', company: 'IBM', connectedOn: '2021-05-05', position: 'Lawyer' }),
      person('acme', { name: 'John Smith', company: 'Acme', connectedOn: '2021-05-05' }),
    );
    const row = (company: string, position: string) => ({
      ...probeKeys({ name: 'John Smith', company, position }),
      connectedOn: '2021-05-05',
    });
    expect(matchOf(ix.resolve(row('IBM', 'Lawyer'), { key: 'exact', names: false, row: true }))).toBe('ibm2 by key');
    expect(matchOf(ix.resolve(row('ibm', 'Lawyer'), { key: 'exact', names: false, row: true }))).toBe('ibm by key');
    expect(matchOf(ix.resolve(row('IBM', 'x'), { key: 'exact', names: false, row: true }))).toBe('none');
    // A newer export with a new company: the one unclaimed person left with that name and date.
    expect(matchOf(ix.resolve(row('Google', ''), { key: 'date', row: true }))).toBe('acme by key');
    expect(matchOf(ix.resolve(row('Other', ''), { key: 'date', row: true }))).toBe('none');
    // Parties name anyone, claimed or not; rows pass over the claimed.
    expect(ix.resolve(probeKeys({ name: 'John Smith' })).kind).toBe('ambiguous');
    expect(matchOf(ix.resolve(probeKeys({ name: 'John Smith' }), { row: true }))).toBe('none');
  });

  it('learns a URL or an email once, never taking one someone else has', () => {
    const a = person('a', { name: 'Ann' });
    const b = person('b', { name: 'Bob', linkedinUrl: 'https://linkedin.com/in/bob' });
    const ix = index(a, b);
    expect(ix.learn(a, { url: 'linkedin.com/in/bob' }).url).toBe(false);
    expect(ix.learn(a, { url: 'linkedin.com/in/ann', emails: ['ann@x.io'] })).toEqual({
      url: true,
      emails: ['ann@x.io'],
    });
    expect(ix.learn(a, { url: 'linkedin.com/in/ann-2' }).url).toBe(false);
    expect(matchOf(ix.resolve(probeKeys({ url: 'https://www.linkedin.com/in/ann/' })))).toBe('a by url');
    expect(matchOf(ix.resolve(probeKeys({ emails: ['ANN@x.io'] })))).toBe('a by email');
  });

  it('resolves every probe of a large index with one pass to build the name index', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('Ann Lee', 'Bob', 'Zoë', 'zoe'), { minLength: 1, maxLength: 60 }),
        (names) => {
          const ix = index(...names.map((n, i) => person(`p${i}`, { name: n })));
          for (const n of new Set(names)) {
            const r = ix.resolve(probeKeys({ name: n }));
            const same = names.filter(
              (m) =>
                m.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase() ===
                n.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase(),
            );
            expect(r.kind).toBe(same.length === 1 ? 'match' : 'ambiguous');
          }
        },
      ),
    );
  });
});
