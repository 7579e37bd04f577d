"""Gridlight's render driver: the only Python that runs inside Blender on a node.

Blender is started as  blender -b -Y --factory-startup <scene.blend> --python render.py -- <json>
so the scene's own scripts (auto-run text blocks, Python drivers, handlers) never run. This
script pins every setting that changes the pixels (engine, seed, samples, denoising, dither,
colour depth, border), refuses scenes that read files outside the job folder, renders the
requested items one after another in this one process and prints one machine-readable line
per result on stdout:

  GRIDLIGHT_RESULT {"index": 0, "frame": 1, "path": "...", "seconds": 0.41, "width": 320, "height": 180}
  GRIDLIGHT_ERROR {"code": "...", "message": "..."}   (then exits with status 3)
"""

import json
import os
import sys
import time

import bpy

EXIT_REFUSED = 3


def fail(code: str, message: str, path: str = "") -> None:
    print("GRIDLIGHT_ERROR " + json.dumps({"code": code, "message": message, "path": path}), flush=True)
    sys.stdout.flush()
    os._exit(EXIT_REFUSED)


def inside(path: str, root: str) -> bool:
    real = os.path.realpath(path)
    return real == root or real.startswith(root + os.sep)


def check_autoexec_disabled() -> None:
    if bpy.context.preferences.filepaths.use_scripts_auto_execute:
        fail("autoexec-enabled", "Blender was started with auto-run scripts enabled; pass -Y")


def external_paths():
    """Every file the scene would read from disk, with what refers to it."""
    for lib in bpy.data.libraries:
        yield f"library {lib.name}", bpy.path.abspath(lib.filepath), None
    for image in bpy.data.images:
        if image.source in {"FILE", "SEQUENCE", "MOVIE", "TILED"} and not image.packed_file:
            yield f"image {image.name}", image.filepath, image.library
    for clip in bpy.data.movieclips:
        yield f"movie clip {clip.name}", clip.filepath, clip.library
    for sound in bpy.data.sounds:
        if not sound.packed_file:
            yield f"sound {sound.name}", sound.filepath, sound.library
    for font in bpy.data.fonts:
        if font.filepath != "<builtin>" and not font.packed_file:
            yield f"font {font.name}", font.filepath, font.library
    for volume in bpy.data.volumes:
        if not volume.packed_file:
            yield f"volume {volume.name}", volume.filepath, volume.library
    for cache in bpy.data.cache_files:
        yield f"cache file {cache.name}", cache.filepath, cache.library
    for tree in node_trees():
        for node in tree.nodes:
            if node.bl_idname == "ShaderNodeTexIES" and node.mode == "EXTERNAL":
                yield f"IES node {node.name}", node.filepath, tree.library
            if node.bl_idname == "ShaderNodeScript" and node.mode == "EXTERNAL":
                yield f"OSL script node {node.name}", node.filepath, tree.library
    for obj in bpy.data.objects:
        for mod in obj.modifiers:
            if mod.type == "FLUID" and mod.fluid_type == "DOMAIN":
                yield f"fluid cache of {obj.name}", mod.domain_settings.cache_directory, obj.library
            if mod.type == "MESH_SEQUENCE_CACHE" and mod.cache_file is not None:
                yield f"mesh cache of {obj.name}", mod.cache_file.filepath, obj.library
            if mod.type == "OCEAN" and mod.use_bake:
                yield f"ocean cache of {obj.name}", mod.filepath, obj.library


def node_trees():
    for mat in bpy.data.materials:
        if mat.node_tree:
            yield mat.node_tree
    for world in bpy.data.worlds:
        if world.node_tree:
            yield world.node_tree
    for light in bpy.data.lights:
        if light.node_tree:
            yield light.node_tree
    yield from bpy.data.node_groups


def check_external_files(job_dir: str) -> None:
    for what, path, library in external_paths():
        if not path:
            continue
        absolute = bpy.path.abspath(path, library=library)
        if not inside(absolute, job_dir):
            fail("outside-job-dir", f"{what} refers to {absolute}, outside the job folder", absolute)


def confine_outputs(scene, job_dir: str) -> None:
    """The compositor's File Output nodes could write anywhere; only our paths are written."""
    if scene.node_tree:
        for node in list(scene.node_tree.nodes):
            if node.bl_idname == "CompositorNodeOutputFile":
                scene.node_tree.nodes.remove(node)
    scene.render.use_sequencer = False
    # Disk caches (point caches, bakes) stay read-only in spirit: no bake runs in a render.


def pin_settings(scene, cfg) -> None:
    render = scene.render
    render.engine = "CYCLES"
    if cfg.get("resolution"):
        render.resolution_x, render.resolution_y = cfg["resolution"]
    render.resolution_percentage = 100
    render.dither_intensity = 0.0
    render.use_file_extension = False
    render.use_overwrite = True
    render.use_placeholder = False
    render.use_multiview = False
    settings = render.image_settings
    settings.file_format = "PNG"
    settings.color_mode = "RGBA"
    settings.color_depth = "8"
    settings.compression = 15

    cycles = scene.cycles
    cycles.samples = int(cfg["samples"])
    cycles.seed = int(cfg["seed"])
    cycles.use_animated_seed = False
    cycles.use_adaptive_sampling = False
    cycles.use_denoising = False
    cycles.shading_system = False  # no OSL: shader scripts are code too
    for layer in scene.view_layers:
        layer.cycles.use_denoising = False
        layer.cycles.denoising_store_passes = False

    device = cfg["device"]
    if device == "CPU":
        cycles.device = "CPU"
    else:
        prefs = bpy.context.preferences.addons["cycles"].preferences
        prefs.compute_device_type = device
        prefs.get_devices()
        used = 0
        for dev in prefs.devices:
            dev.use = dev.type == device
            used += int(dev.use)
        if used == 0:
            fail("no-device", f"no {device} device is available to Cycles")
        cycles.device = "GPU"
    if cfg.get("threads"):
        render.threads_mode = "FIXED"
        render.threads = int(cfg["threads"])


def set_border(scene, border) -> None:
    render = scene.render
    if border is None:
        render.use_border = False
        render.use_crop_to_border = False
        return
    render.use_border = True
    render.use_crop_to_border = True
    render.border_min_x = border["minX"]
    render.border_max_x = border["maxX"]
    render.border_min_y = border["minY"]
    render.border_max_y = border["maxY"]


def main() -> None:
    cfg = json.loads(sys.argv[sys.argv.index("--") + 1])
    job_dir = os.path.realpath(cfg["jobDir"])
    check_autoexec_disabled()
    if not bpy.data.filepath:
        fail("load-failed", "Blender did not load the scene")
    if not inside(bpy.data.filepath, job_dir):
        fail("outside-job-dir", f"scene {bpy.data.filepath} is outside the job folder", bpy.data.filepath)
    scene = bpy.context.scene
    check_external_files(job_dir)
    confine_outputs(scene, job_dir)
    pin_settings(scene, cfg)
    for index, item in enumerate(cfg["items"]):
        out = item["output"]
        if not inside(os.path.dirname(out), job_dir):
            fail("outside-job-dir", f"output {out} is outside the job folder", out)
        set_border(scene, item.get("border"))
        scene.frame_set(int(item["frame"]))
        render = scene.render
        render.filepath = out
        start = time.perf_counter()
        bpy.ops.render.render(write_still=True)
        seconds = time.perf_counter() - start
        if not os.path.isfile(out):
            fail("no-output", f"Blender wrote no image for frame {item['frame']}")
        print(
            "GRIDLIGHT_RESULT "
            + json.dumps({"index": index, "frame": item["frame"], "path": out, "seconds": seconds}),
            flush=True,
        )


try:
    main()
except Exception as error:  # any failure of ours must not look like a finished render
    fail("driver-error", f"{type(error).__name__}: {error}")
