import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Content, sniffBytes } from '../../../../../functions/adapters/local/files/sniff.js';

const digest =
  '{"awsAccountId":"444455556666","digestStartTime":"2024-02-29T12:00:00Z","digestS3Object":"x","logFiles":[]}';
const insight =
  '{"Records":[{"eventVersion":"1.07","eventTime":"2024-02-29T12:00:00Z","eventType":"AwsCloudTrailInsight","eventCategory":"Insight"}]}';
const delivery =
  '{"Records":[{"eventVersion":"1.08","eventTime":"2024-02-29T12:00:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets"}]}';
const sniff = (text: string, complete = true) => sniffBytes(Buffer.from(text), complete);

describe('sniffing digest and Insight files', () => {
  it('skips a file that is one digest or one Insight delivery, compressed or not', () => {
    expect(sniff(digest).content).toBe(Content.Digest);
    expect(sniff(insight).content).toBe(Content.Insight);
    expect(sniffBytes(gzipSync(digest), true).content).toBe(Content.Digest);
    expect(sniffBytes(gzipSync(insight), true).content).toBe(Content.Insight);
  });

  it('reads delivery files concatenated (as zcat writes them) that start with a digest or hold an Insight delivery', () => {
    // A digest first: the JavaScript reader takes it, value by value, as standard input is read.
    expect(sniff(`${digest}${delivery}`)).toMatchObject({ content: Content.Records, format: 'lines', multiline: true });
    expect(sniff(`${digest}\n${delivery}\n`)).toMatchObject({ content: Content.Records, format: 'lines' });
    // An Insight delivery first or among the first: read as deliveries.
    expect(sniff(`${insight}${delivery}`)).toMatchObject({ content: Content.Records, format: 'delivery' });
    expect(sniff(`${delivery}\n${insight}\n${delivery}`)).toMatchObject({
      content: Content.Records,
      format: 'delivery',
    });
  });

  it('reads a file whose first bytes are not the whole of it, whatever object they start with', () => {
    expect(sniff(digest, false).content).toBe(Content.Records);
    expect(sniff(insight, false).content).toBe(Content.Records);
  });

  it('leaves JSON Lines with a byte order mark to the JavaScript reader, which does not take the mark for the first line', () => {
    expect(sniff(`\ufeff${delivery.slice(12, -2)}\n`)).toMatchObject({
      content: Content.Records,
      format: 'lines',
      multiline: true,
    });
    expect(sniff(`${delivery.slice(12, -2)}\n`)).toMatchObject({
      content: Content.Records,
      format: 'lines',
      multiline: false,
    });
  });
});
