export {
  BENCHMARK,
  type BenchmarkParameters,
  type BenchmarkReturnType,
  runBenchmark,
  SCORE_UNIT_SAMPLES_PER_SECOND,
  TIER_THRESHOLDS,
  tierForScore,
} from './benchmark.js';
export { detectSandbox, findBlender, type SandboxInfo } from './blender.js';
export { chooseCrops, minCropSide, rectToBorder, widenCrop } from './chooseCrops.js';
export {
  BaseError,
  BLENDER_INSTALL_COMMAND,
  BlenderNotFoundError,
  ImageDecodeError,
  RenderDeviceUnavailableError,
  RenderFailedError,
  RenderOutOfMemoryError,
  RenderParametersError,
  RenderTimeoutError,
  SceneOutsideJobDirError,
  SceneUnreadableError,
} from './errors.js';
export { generateSampleScene, SAMPLE_SCENE, SAMPLE_SCENE_SCRIPT } from './generateSampleScene.js';
export { detectHardware, type GpuInfo, type HardwareInfo } from './hardware.js';
export { cropImage, decodePng, encodePng, type Rect, type RgbaImage, readPng } from './image.js';
export {
  type Border,
  type RenderDevice,
  type RenderedFrame,
  type RenderFramesParameters,
  type RenderFramesReturnType,
  renderFrames,
} from './renderFrames.js';
export { ssim } from './ssim.js';
export {
  SPOT_CHECK,
  type VerifyCropsParameters,
  type VerifyCropsReturnType,
  type VerifyRound,
  verifyCrops,
} from './verifyCrops.js';
