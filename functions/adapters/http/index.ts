export { postWithRetry, type PostOptions, type PostResult } from './post.js';
export { escapeMrkdwn, code as mrkdwnCode, plain as slackPlainText } from './mrkdwn.js';
export { slackMessage, slackFallback } from './slack-message.js';
export { createSlackSink, type SlackSinkOptions } from './slack.js';
export { createSplunkHecSink, hecEvent, hecEventUrl, type SplunkHecSinkOptions } from './splunk-hec.js';
export { fitAlert } from './fit.js';
