/**
 * The one Terraform stack deployed in the central account: central subsystem, the agent code bucket
 * in the agents' region, and the rollout (StackSet + management-account stack).
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Aspects, LocalBackend, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { ArtifactBucket, Central } from '../modules/central/index.js';
import { MEMBER_PARAMETERS, memberAgentTemplate, renderTemplate } from '../modules/member-agent/index.js';
import { Rollout } from '../modules/rollout/index.js';
import { CONFIG_OBJECT_KEY, centralNames, GuardRails, memberNames } from '../modules/shared/index.js';
import type { DeployConfig, DetectionConfigText } from './config/index.js';
import { createProviders } from './providers.js';

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
}

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
    const artifactBucket = central.artifactBucket(config.central.accountId, config.agents.homeRegion);
    const deployedConfig = {
      uri: `s3://${artifactBucket}/${CONFIG_OBJECT_KEY}`,
      arn: `arn:${config.partition}:s3:::${artifactBucket}/${CONFIG_OBJECT_KEY}`,
    };

    const centralStack = new Central(this, 'central', {
      prefix: config.prefix,
      partition: config.partition,
      accountId: config.central.accountId,
      region: config.central.region,
      organizationId: config.organization.id,
      bundles: { aggregator: bundles.aggregator, monitor: bundles.monitor },
      logLevel: config.agents.logLevel,
      logRetentionDays: config.agents.logRetentionDays,
      agentScheduleMinutes: config.agents.scheduleMinutes,
      config: deployedConfig,
      monitorScheduleMinutes: config.monitor.scheduleMinutes,
      monitorExemptAccounts: config.monitor.exemptAccounts,
      sinks: { ...config.sinks, snsSubscriptions: config.sinks.sns.subscriptions },
      alarms: config.alarms,
    });
    const artifacts = new ArtifactBucket(this, 'agent-artifacts', {
      bucketName: artifactBucket,
      organizationId: config.organization.id,
      configText: options.detection.text,
      agentZipPath: bundles.detector,
      provider: providers.agentsRegion,
    });

    const { agents, trail } = config;
    const template = memberAgentTemplate({
      partition: config.partition,
      names: member,
      trail: { ...trail, organizationId: config.organization.id },
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
      tags: { ...config.tags, 'ct-anomaly:component': 'agent' },
    });
    new Rollout(this, 'rollout', {
      stackSetName: central.stackSet,
      stackName: member.stackName,
      templateBody: renderTemplate(template),
      parameters: {
        [MEMBER_PARAMETERS.busArn]: centralStack.agentBus.bus.arn,
        [MEMBER_PARAMETERS.artifactBucket]: artifacts.bucket.bucket,
        [MEMBER_PARAMETERS.codeKey]: artifacts.agentCode.key,
      },
      homeRegion: agents.homeRegion,
      targetOuIds: config.organization.targetOuIds,
      callAs: config.stackSet.callAs,
      failureTolerancePercentage: config.stackSet.failureTolerancePercentage,
      maxConcurrentPercentage: config.stackSet.maxConcurrentPercentage,
      stackSetProvider: providers.stackSet,
      managementProvider: providers.management,
      trailPolicy: {
        partition: config.partition,
        trail: { ...trail, organizationId: config.organization.id },
        agentRolePrefix: member.agentRolePrefix,
        hasKmsKey: Boolean(trail.kmsKeyArn),
      },
      tags: { ...config.tags, 'ct-anomaly:component': 'agent' },
    });
    Aspects.of(this).add(new GuardRails());
    new TerraformOutput(this, 'agent_code_key', {
      value: artifacts.agentCode.key,
      description: 'S3 key of the deployed agent code',
    }).overrideLogicalId('agent_code_key');
  }
}
