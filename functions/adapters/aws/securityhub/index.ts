export { createSecurityHubSink, asffOf, type AsffMapper, type SecurityHubSinkOptions } from './securityhub-sink.js';
export { homeAsff, homeFromArn, type HomeAccount } from './home-asff.js';
