/** The score of an acceptable offer with nothing for or against it (yapapi: 0.0). */
export const SCORE_NEUTRAL = 0.0;

/** The score of an offer that must not be used; any score below `SCORE_NEUTRAL` rejects (yapapi: -1.0). */
export const SCORE_REJECTED = -1.0;

/** The score of a fully trusted offer, the top of the scale (yapapi: 100.0). */
export const SCORE_TRUSTED = 100.0;
