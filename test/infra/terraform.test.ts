/**
 * The closest we get to a deploy here: the synthesized Terraform goes through `terraform init
 * -backend=false`, `validate` and a create-only `plan -refresh=false`, offline, with the hashicorp/aws
 * 5.100.0 filesystem mirror, fake credentials and the provider's skip_* flags. Skipped, with a notice,
 * where terraform or the mirror are absent.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fleetConfig,
  synthesize,
  testConfig,
  TRAIL_BUCKET_POLICY,
  TRAIL_KEY_POLICY,
  type Synthesized,
  type TfJson,
} from './support/synth.js';

const MIRROR = process.env.CT_TF_PLUGIN_MIRROR ?? '/opt/tf-plugins';
const PROVIDER = join(MIRROR, 'registry.terraform.io/hashicorp/aws/5.100.0');

function terraformVersion(): string | undefined {
  const result = spawnSync('terraform', ['version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.split('\n')[0] : undefined;
}

const version = terraformVersion();
const available = Boolean(version) && existsSync(PROVIDER);
if (!available) {
  console.warn(
    `NOTICE: terraform validate/plan tests SKIPPED: ${version ? `no hashicorp/aws 5.100.0 mirror at ${PROVIDER}` : 'no terraform binary on PATH'}`,
  );
}

/**
 * Offline credentials for every provider block. The deployed providers assume a role and pin account
 * ids, both of which need AWS; only those keys are removed, the rest of each block stays as synthesized.
 * The backend goes too: `init -backend=false` leaves none to plan against.
 */
function offline(json: TfJson): TfJson {
  delete json.terraform.backend;
  for (const provider of json.provider.aws) {
    delete provider.assume_role;
    delete provider.allowed_account_ids;
    Object.assign(provider, {
      access_key: 'AKIAOFFLINETESTONLY0',
      secret_key: 'offline-test-only',
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: 'true',
      skip_region_validation: true,
    });
  }
  return json;
}

const execFileAsync = promisify(execFile);

async function run(dir: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('terraform', args, {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      TF_CLI_CONFIG_FILE: join(dir, 'terraformrc'),
      TF_IN_AUTOMATION: '1',
      CHECKPOINT_DISABLE: '1',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  });
  return stdout;
}

describe.skipIf(!available)(`terraform (${version ?? 'absent'}) on the synthesized stack`, () => {
  const cases: Array<[string, Synthesized]> = [];
  beforeAll(async () => {
    cases.push(['example config', synthesize()]);
    cases.push([
      'callAs SELF, agents in another region, no trail key',
      synthesize(
        testConfig({
          stackSet: { callAs: 'SELF' },
          agents: { homeRegion: 'us-east-1' },
          trail: { kmsKeyArn: undefined },
        }),
      ),
    ]);
    cases.push([
      'every fleet option: two agent regions, an OU canary, guard rails, log-archive policies',
      synthesize(fleetConfig(), 'v1', '{}', { bucket: TRAIL_BUCKET_POLICY, key: TRAIL_KEY_POLICY }),
    ]);
    cases.push([
      'Control Tower: trail replica with its own key, an account canary, a pinned rollback',
      synthesize(
        fleetConfig({
          agents: {
            pinVersion: {
              version: '0123456789abcdef',
              s3VersionIds: { 'eu-west-1': 'Wm9vLmV4YW1wbGUuaWQ1', 'us-east-1': 'QmFyLmV4YW1wbGUuaWQ2' },
            },
          },
          stackSet: { canary: { organizationalUnitIds: [], accounts: ['444455556666'] } },
          logArchive: { mode: 'replica', bucketPolicyFile: undefined, keyPolicyFile: undefined },
        }),
      ),
    ]);
    for (const [, synth] of cases) {
      const file = join(synth.stackDir, 'cdk.tf.json');
      writeFileSync(file, JSON.stringify(offline(JSON.parse(readFileSync(file, 'utf8')) as TfJson), null, 2));
      writeFileSync(
        join(synth.stackDir, 'terraformrc'),
        `provider_installation {\n  filesystem_mirror {\n    path    = "${MIRROR}"\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`,
      );
    }
    // The cases run side by side: each terraform call is mostly the provider plugin starting up.
    await Promise.all(
      cases.map(([, synth]) => run(synth.stackDir, ['init', '-backend=false', '-input=false', '-no-color'])),
    );
  }, 240_000);
  afterAll(() => cases.forEach(([, s]) => s.cleanup()));

  it('validates', async () => {
    const outputs = await Promise.all(cases.map(([, synth]) => run(synth.stackDir, ['validate', '-no-color'])));
    outputs.forEach((output, i) => expect(output, cases[i]![0]).toMatch(/The configuration is valid/));
  }, 180_000);

  it('plans a create-only deployment without errors or warnings', async () => {
    const plans = await Promise.all(
      cases.map(([, synth]) =>
        run(synth.stackDir, ['plan', '-refresh=false', '-input=false', '-lock=false', '-no-color']),
      ),
    );
    for (const [i, plan] of plans.entries()) {
      const label = cases[i]![0];
      const summary = /Plan: (\d+) to add, (\d+) to change, (\d+) to destroy/.exec(plan);
      expect(summary, label).not.toBeNull();
      expect(Number(summary![1]), label).toBeGreaterThan(40);
      expect([summary![2], summary![3]], label).toEqual(['0', '0']);
      expect(plan, label).not.toMatch(/Warning:/);
      expect(plan, label).toContain('aws_cloudformation_stack_set.');
    }
  }, 180_000);
});
