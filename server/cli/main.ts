/**
 * `npx nurture <command>`: the command line of Nurture. Works on the store the
 * environment configures (SQLite in NURTURE_DATA_DIR, or Neo4j with NEO4J_URI).
 */
import { Command, CommanderError } from 'commander';
import { isAppError } from '../core/app-error.js';
import { packageVersion } from '../app.js';
import { loadDemoNetwork } from '../demo/demo-network.js';
import { registerDuplicatesCommand } from '../identity/duplicates.cli.js';
import { registerImportCommand } from '../import/import.cli.js';
import { registerAnalyzeCommand } from '../analysis/analysis.cli.js';
import { registerReportCommand } from '../reports/reports.cli.js';
import { registerExportCommand } from '../graph-export/graph-export.cli.js';
import { registerCalibrateCommand } from '../calibration/calibration.cli.js';
import { CliContext } from './cli-context.js';
import { randomBytes } from 'node:crypto';
import { AccountEmail, Role } from '../../shared/index.js';
import { AuthService } from '../accounts/auth.service.js';
import { DEFAULT_WORKSPACE_ID } from '../app.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function buildCli(ctx: CliContext): Command {
  const program = new Command('nurture')
    .description('Referral-partner graph analytics: nurture relationships, do not pitch early.')
    .version(packageVersion())
    .showHelpAfterError();

  program
    .command('demo')
    .description('Load a generated demo network (about 300 people over two years) into the workspace')
    .option('--force', 'load even if the workspace already holds people')
    .action(async (opts: { force?: boolean }) => {
      const store = await ctx.openStore();
      const ws = await ctx.workspaceId();
      const existing = await store.people.list(ws, { limit: 1, offset: 0, sort: 'name', order: 'asc' });
      if (existing.total > 0 && !opts.force) {
        throw new Error(
          `The workspace already holds ${existing.total} people; run with --force to add the demo anyway`,
        );
      }
      if (await store.getMe(ws))
        throw new Error('The workspace already has an owner ("me"); the demo needs an empty workspace');
      const started = Date.now();
      const s = await loadDemoNetwork(store, ws);
      console.log(
        `Loaded the demo network in ${Date.now() - started} ms: ${s.people} people, ${s.interactions} interactions, ` +
          `${s.introductions} introductions, ${s.referrals} referrals, ${s.pitches} pitches, ${s.subscriptions} subscriptions, ${s.consents} consents.`,
      );
    });

  const user = program.command('user').description('Manage accounts');
  user
    .command('create')
    .description('Create an account; the first one owns the default workspace, later ones get a workspace of their own')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--name <name>', 'display name')
    .option('--password-stdin', 'read the password from standard input (otherwise one is generated and printed once)')
    .option('--workspace <id>', 'add the account to this existing workspace instead')
    .option('--role <role>', 'role in that workspace: owner, member or viewer', 'owner')
    .action(
      async (opts: { email: string; name: string; passwordStdin?: boolean; workspace?: string; role: string }) => {
        const email = AccountEmail.safeParse(opts.email);
        if (!email.success) throw new Error(`--email: ${email.error.issues[0]?.message ?? 'invalid'}`);
        const role = Role.safeParse(opts.role);
        if (!role.success) throw new Error('--role must be owner, member or viewer');
        const { password, generated } = await passwordOf(opts);
        const store = await ctx.openStore();
        await ctx.workspaceId();
        const auth = new AuthService(store, DEFAULT_WORKSPACE_ID);
        const created = await auth.createUser({
          email: email.data,
          name: opts.name,
          password,
          role: role.data,
          ...(opts.workspace ? { workspaceId: opts.workspace } : {}),
        });
        console.log(`Created ${created.email} (${created.id}).`);
        if (generated) console.log(`Password (shown once): ${password}`);
      },
    );

  /** The password from standard input, or a generated one (printed once). */
  const passwordOf = async (opts: { passwordStdin?: boolean }) =>
    opts.passwordStdin
      ? { password: (await readStdin()).replace(/\r?\n$/, ''), generated: false }
      : { password: randomBytes(15).toString('base64url'), generated: true };
  const emailOf = (raw: string) => {
    const email = AccountEmail.safeParse(raw);
    if (!email.success) throw new Error(`--email: ${email.error.issues[0]?.message ?? 'invalid'}`);
    return email.data;
  };
  const accounts = async () => new AuthService(await ctx.openStore(), DEFAULT_WORKSPACE_ID);

  user
    .command('reset-password')
    .description('Set a new password for an account (the same strength rules as the API); its sessions and tokens end')
    .requiredOption('--email <email>', 'sign-in email of the account')
    .option(
      '--password-stdin',
      'read the new password from standard input (otherwise one is generated and printed once)',
    )
    .action(async (opts: { email: string; passwordStdin?: boolean }) => {
      const email = emailOf(opts.email);
      const { password, generated } = await passwordOf(opts);
      const changed = await (await accounts()).resetPassword(email, password);
      console.log(`New password set for ${changed.email}; its sessions and API tokens ended.`);
      if (generated) console.log(`Password (shown once): ${password}`);
    });
  user
    .command('disable')
    .description('Stop an account from signing in; its sessions and API tokens end')
    .requiredOption('--email <email>', 'sign-in email of the account')
    .action(async (opts: { email: string }) => {
      const u = await (await accounts()).setDisabled(emailOf(opts.email), true);
      console.log(`Disabled ${u.email}.`);
    });
  user
    .command('enable')
    .description('Let a disabled account sign in again')
    .requiredOption('--email <email>', 'sign-in email of the account')
    .action(async (opts: { email: string }) => {
      const u = await (await accounts()).setDisabled(emailOf(opts.email), false);
      console.log(`Enabled ${u.email}.`);
    });
  user
    .command('delete')
    .description(
      'Delete an account; workspaces it alone belonged to go with it (refused while it is the last owner of a shared one)',
    )
    .requiredOption('--email <email>', 'sign-in email of the account')
    .action(async (opts: { email: string }) => {
      const email = emailOf(opts.email);
      const store = await ctx.openStore();
      const found = await store.accounts.findUserByEmail(email);
      if (!found) throw new Error(`No account with the email ${email}`);
      await (await accounts()).deleteAccount(found.user.id);
      console.log(`Deleted ${found.user.email}.`);
    });

  registerAnalyzeCommand(program, {
    openStore: () => ctx.openStore(),
    workspaceId: () => ctx.workspaceId(),
    largeFrom: ctx.config.largeAnalysisFrom,
  });
  registerExportCommand(program, ctx, (s) => console.log(s));
  registerCalibrateCommand(program, { openStore: () => ctx.openStore(), workspaceId: () => ctx.workspaceId() });
  registerDuplicatesCommand(program, { openStore: () => ctx.openStore(), workspaceId: () => ctx.workspaceId() });
  registerReportCommand(program, {
    openStore: () => ctx.openStore(),
    workspaceId: () => ctx.workspaceId(),
    config: ctx.config,
  });

  registerImportCommand(program, {
    openStore: () => ctx.openStore(),
    workspaceId: () => ctx.workspaceId(),
    setExitCode: (code) => {
      process.exitCode = code;
    },
  });

  return program;
}

export async function runCli(argv: string[], ctx = new CliContext()): Promise<number> {
  const program = buildCli(ctx).exitOverride();
  // Subcommands copy the setting only when added after it: a missing required option of a
  // subcommand would otherwise exit the process instead of returning its exit code.
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    // A command may have chosen its own exit code (import: 2 when rows were rejected).
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    const message = isAppError(e)
      ? `${e.message}${e.details.errors ? '' : ''}`
      : e instanceof Error
        ? e.message
        : String(e);
    console.error(`nurture: ${message}`);
    return 1;
  } finally {
    await ctx.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('server/cli/main.ts')) {
  process.exitCode = await runCli(process.argv.slice(2));
}
