/** The detector version written into every finding (bump with behaviour changes). */
export const DETECTOR_VERSION = '0.1.0';
