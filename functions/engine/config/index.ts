export { detectionConfigSchema, DEFAULT_DETECTION_CONFIG, type DetectionConfig } from './schema.js';
