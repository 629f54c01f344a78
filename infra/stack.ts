/**
 * The one Terraform stack deployed from the central account: the central subsystem, the agent code
 * buckets (one per agent region), the log-archive side of trail access, the staged rollout (StackSets +
 * management-account stacks) and, when asked, the guard rails.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Aspects, LocalBackend, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AgentProtection } from '../modules/agent-protection/index.js';
import { ArtifactBucket, Central } from '../modules/central/index.js';
import {
  FORWARDED_DETAIL_TYPES,
  MEMBER_PARAMETERS,
  memberAgentTemplate,
  type MemberAgentOptions,
  renderTemplate,
} from '../modules/member-agent/index.js';
import { Rollout, terraformLiteral } from '../modules/rollout/index.js';
import { CONFIG_OBJECT_KEY, centralNames, GuardRails, memberNames } from '../modules/shared/index.js';
import {
  agentRegionsOf,
  type DeployConfig,
  type DetectionConfigText,
  type LogArchivePolicies,
} from './config/index.js';
import { createProviders } from './providers.js';
import { trailAccess } from './trail-access.js';

/** The bundle zips `npm run build` writes. */
export interface Bundles {
  detector: string;
  aggregator: string;
  monitor: string;
}

/** The bundles under `distDir`; throws a clear error when one is missing. */
export function bundlesIn(distDir: string): Bundles {
  const bundles = {
    detector: join(distDir, 'detector.zip'),
    aggregator: join(distDir, 'aggregator.zip'),
    monitor: join(distDir, 'monitor.zip'),
  };
  const missing = Object.values(bundles).filter((path) => !existsSync(path));
  if (missing.length > 0)
    throw new Error(`missing Lambda bundle(s) ${missing.join(', ')}: run \`npm run build\` first`);
  return bundles;
}

export interface CtAnomalyStackOptions {
  config: DeployConfig;
  detection: DetectionConfigText;
  bundles: Bundles;
  /** The log-archive policies the config names (`loadLogArchivePolicies`); none by default. */
  logArchivePolicies?: LogArchivePolicies;
}

/** The placeholder of a region's code version in the rendered template (a Terraform reference replaces it). */
const codeVersionSlot = (region: string) => `CT_ANOMALY_CODE_VERSION_${region.replace(/-/g, '_')}`;

/** Composes the modules from the config. */
export class CtAnomalyStack extends TerraformStack {
  constructor(scope: Construct, id: string, options: CtAnomalyStackOptions) {
    super(scope, id);
    const { config, bundles } = options;
    const { s3 } = config.state;
    if (s3) {
      new S3Backend(this, {
        bucket: s3.bucket,
        key: s3.key,
        region: s3.region,
        dynamodbTable: s3.dynamodbTable,
        encrypt: true,
      });
    } else {
      // Relative to the stack's working directory (cdktf.out/stacks/<id>): the state lands in the project root.
      new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
    }
    const providers = createProviders(this, config);
    const central = centralNames(config.prefix);
    const member = memberNames(config.prefix);
    const { agents, partition } = config;
    const agentRegions = agentRegionsOf(config);
    const regions = [agents.homeRegion, ...Object.keys(agentRegions).filter((r) => r !== agents.homeRegion)];
    const artifactBucket = central.artifactBucket(config.central.accountId, agents.homeRegion);
    const deployedConfig = {
      uri: `s3://${artifactBucket}/${CONFIG_OBJECT_KEY}`,
      arn: `arn:${partition}:s3:::${artifactBucket}/${CONFIG_OBJECT_KEY}`,
    };

    // One code bucket per agent region (Lambda reads code from its own region), each with the config object.
    const buckets = regions.map(
      (region) =>
        new ArtifactBucket(this, region === agents.homeRegion ? 'agent-artifacts' : `agent-artifacts-${region}`, {
          bucketName: central.artifactBucket(config.central.accountId, region),
          organizationId: config.organization.id,
          configText: options.detection.text,
          agentZipPath: bundles.detector,
          keepVersions: agents.keepVersions,
          pinned: agents.pinVersion !== undefined,
          provider: providers.agentsRegion[region],
        }),
    );
    const pin = agents.pinVersion;
    const agentVersion = pin?.version ?? buckets[0]!.versionLabel;
    const codeVersions: Record<string, string> = Object.fromEntries(
      regions.map((region, i) => [region, pin ? pin.s3VersionIds[region]! : buckets[i]!.agentCode.versionId]),
    );
    const stackWatch = config.guardRails.stackChangeAlerts;
    const agentRolePattern = `arn:${partition}:iam::*:role/${member.agentRolePrefix}-*`;

    const centralStack = new Central(this, 'central', {
      prefix: config.prefix,
      partition,
      accountId: config.central.accountId,
      region: config.central.region,
      organizationId: config.organization.id,
      bundles: { aggregator: bundles.aggregator, monitor: bundles.monitor },
      logLevel: agents.logLevel,
      logRetentionDays: agents.logRetentionDays,
      agentScheduleMinutes: agents.scheduleMinutes,
      config: deployedConfig,
      monitorScheduleMinutes: config.monitor.scheduleMinutes,
      monitorExemptAccounts: config.monitor.exemptAccounts,
      fleet: {
        agentRegions: regions,
        agentVersion,
        health: {
          failedRunsAlert: config.monitor.failedRunsAlert,
          ...(config.monitor.staleWatermarkMinutes
            ? { staleWatermarkMinutes: config.monitor.staleWatermarkMinutes }
            : {}),
          rolloutGraceMinutes: config.monitor.rolloutGraceMinutes,
          summaryHourUtc: config.monitor.summaryHourUtc,
        },
      },
      agentRolePattern,
      ...(stackWatch
        ? {
            stackWatch: {
              forwarderRolePattern: `arn:${partition}:iam::*:role/${member.forwarderRolePrefix}-*`,
              detailTypes: FORWARDED_DETAIL_TYPES,
            },
          }
        : {}),
      sinks: { ...config.sinks, snsSubscriptions: config.sinks.sns.subscriptions },
      alarms: config.alarms,
    });

    const trail = trailAccess(
      this,
      config,
      { central, member },
      providers,
      options.logArchivePolicies ?? { bucket: null, key: null },
    );
    const templateOptions: MemberAgentOptions = {
      partition,
      names: member,
      trail,
      detector: {
        memoryMb: agents.memoryMb,
        timeoutSeconds: agents.timeoutSeconds,
        reservedConcurrency: agents.reservedConcurrency,
        scheduleMinutes: agents.scheduleMinutes,
        logRetentionDays: agents.logRetentionDays,
        settings: agents,
      },
      athena: {
        bytesScannedCutoff: agents.athenaBytesScannedCutoff,
        resultsExpiryDays: agents.athenaResultsExpiryDays,
      },
      baseline: { pointInTimeRecovery: agents.pointInTimeRecovery },
      stackWatch,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub resolves it in each region.
      artifactBucketPattern: central.artifactBucket(config.central.accountId, '${AWS::Region}'),
      agentRegions: Object.fromEntries(
        regions.map((region) => [
          region,
          { codeVersion: codeVersionSlot(region), trailRegions: agents.regions ? agentRegions[region]! : null },
        ]),
      ),
      tags: { ...config.tags, 'ct-anomaly:component': 'agent' },
    };
    // The template is literal text for Terraform, except the code versions, which are its references.
    const render = (watch: boolean) =>
      regions.reduce(
        (text, region) => text.replace(codeVersionSlot(region), () => codeVersions[region]!),
        terraformLiteral(renderTemplate(memberAgentTemplate({ ...templateOptions, stackWatch: watch }))),
      );
    const management = providers.management;
    new Rollout(this, 'rollout', {
      stackSetName: central.stackSet,
      stackName: member.stackName,
      templateBody: render(stackWatch),
      managementTemplateBody: render(false),
      parameters: {
        [MEMBER_PARAMETERS.busArn]: centralStack.agentBus.bus.arn,
        [MEMBER_PARAMETERS.agentVersion]: agentVersion,
      },
      regions,
      targetOuIds: config.organization.targetOuIds,
      ...(config.stackSet.canary ? { canary: config.stackSet.canary } : {}),
      main: {
        failureTolerancePercentage: config.stackSet.failureTolerancePercentage,
        maxConcurrentPercentage: config.stackSet.maxConcurrentPercentage,
      },
      callAs: config.stackSet.callAs,
      stackSetProvider: providers.stackSet,
      ...(management ? { managementProviders: management } : {}),
      trailPolicy: {
        partition,
        trail,
        agentRolePrefix: member.agentRolePrefix,
        hasKmsKey: Boolean(trail.kmsKeyArn),
      },
      bundle: { version: agentVersion, s3VersionIds: codeVersions },
      tags: { ...config.tags, 'ct-anomaly:component': 'agent' },
    });
    if (config.guardRails.serviceControlPolicy && providers.organizations) {
      new AgentProtection(this, 'agent-protection', {
        partition,
        policyName: central.agentProtectionPolicy,
        names: member,
        stackSetName: central.stackSet,
        targetOuIds: config.organization.targetOuIds,
        exemptPrincipalArns: config.guardRails.exemptPrincipalArns,
        provider: providers.organizations,
        tags: config.tags,
      });
    }
    Aspects.of(this).add(new GuardRails());
    new TerraformOutput(this, 'agent_code_key', {
      value: `${buckets[0]!.agentCode.key}@${codeVersions[agents.homeRegion]}`,
      description: 'S3 key and object version of the agent code the home region runs',
    }).overrideLogicalId('agent_code_key');
  }
}
