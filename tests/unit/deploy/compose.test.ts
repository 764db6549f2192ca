/**
 * docker-compose.yml as users get it: no default Neo4j password, images
 * pinned to a version, the app published on 127.0.0.1 unless told
 * otherwise, and no bind mount that writes into the user's checkout.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const compose = readFileSync(new URL('../../../docker-compose.yml', import.meta.url), 'utf8');
const dockerfile = readFileSync(new URL('../../../Dockerfile', import.meta.url), 'utf8');
const lines = compose.split('\n').filter((l) => !l.trim().startsWith('#'));

describe('docker-compose.yml', () => {
  it('requires NEO4J_PASSWORD instead of defaulting it', () => {
    const uses = lines.filter((l) => l.includes('NEO4J_PASSWORD'));
    expect(uses.length).toBeGreaterThanOrEqual(2);
    for (const l of uses) {
      expect(l).not.toMatch(/NEO4J_PASSWORD:-/);
      expect(l).toMatch(/\$\{NEO4J_PASSWORD:\?/);
    }
  });

  it('pins every image to a full version', () => {
    const images = [
      ...lines.join('\n').matchAll(/^\s*image:\s*(\S+)/gm),
      ...dockerfile.matchAll(/^FROM\s+(\S+)/gm),
    ].map((m) => m[1]!);
    expect(images.length).toBeGreaterThanOrEqual(2);
    for (const image of images) expect(image, image).toMatch(/:\d+\.\d+\.\d+(-[a-z]+)?$/);
  });

  it('publishes the app on 127.0.0.1 by default, and Neo4j only there', () => {
    const ports = lines.filter((l) => /^\s*- "[^"]*:\d+:\d+"/.test(l)).map((l) => l.trim());
    // Compose's own ${…} syntax, not a template string.
    expect(ports).toContain(`- "\${NURTURE_BIND:-127.0.0.1}:3000:3000"`);
    for (const p of ports) expect(p).toMatch(/^- "(127\.0\.0\.1|\$\{NURTURE_BIND:-127\.0\.0\.1\}):/);
  });

  it('mounts no folder of the checkout into a container', () => {
    const mounts = lines.filter((l) => /^\s*- \.{0,2}\/?[\w.-]*:\//.test(l)).map((l) => l.trim());
    for (const m of mounts) expect(m, m).not.toMatch(/^- \.|^- \//);
    expect(compose).toMatch(/build: \./);
  });
});
