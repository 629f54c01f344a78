export { createSnsSink, snsPublishInput, type SnsSinkOptions } from './sns-sink.js';
export { snsSubject, snsEmailText, SNS_SUBJECT_MAX } from './format.js';
