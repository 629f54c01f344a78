/**
 * Guard rails as an Aspect: every log group keeps logs for a bounded time, every queue and topic is
 * encrypted, every table has a TTL and encryption, every Lambda logs to a log group we manage. A
 * construct added later without them fails the synth, naming itself, instead of deploying.
 * @module
 */
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table/index.js';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import type { IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';

/** A guard rail a construct breaks: a programmer error, raised at synth. */
export class GuardRailError extends Error {
  constructor(path: string, rule: string) {
    super(`${path}: ${rule}`);
    this.name = 'GuardRailError';
  }
}

/** Checks retention, encryption and TTL on every resource of the stack. */
export class GuardRails implements IAspect {
  visit(node: IConstruct): void {
    const path = node.node.path;
    if (node instanceof CloudwatchLogGroup && !node.retentionInDaysInput) {
      throw new GuardRailError(path, 'log group without retention_in_days');
    }
    if (node instanceof SqsQueue && !node.sqsManagedSseEnabledInput && !node.kmsMasterKeyIdInput) {
      throw new GuardRailError(path, 'queue without encryption at rest');
    }
    if (node instanceof SnsTopic && !node.kmsMasterKeyIdInput) {
      throw new GuardRailError(path, 'topic without a KMS key');
    }
    if (node instanceof DynamodbTable) {
      const ttl = node.ttlInput;
      if (!ttl || !('enabled' in ttl) || ttl.enabled !== true) throw new GuardRailError(path, 'table without TTL');
      if (node.serverSideEncryptionInput?.enabled !== true)
        throw new GuardRailError(path, 'table without server-side encryption');
    }
    if (node instanceof LambdaFunction && !node.loggingConfigInput?.logGroup) {
      throw new GuardRailError(path, 'function without a managed log group (logging_config.log_group)');
    }
  }
}
