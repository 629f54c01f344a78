export { createSecurityHubSink, asffOf, type AsffMapper, type SecurityHubSinkOptions } from './securityhub-sink.js';
