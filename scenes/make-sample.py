"""Build Gridlight's sample scene and save it as a .blend.

Run headless:  blender -b -Y --factory-startup --python scenes/make-sample.py -- <out.blend>

The scene is small on purpose (320x180, 16 samples, frames 1..48) so a frame renders on a
CPU in about a second: a floor, three objects with distinct materials, a sun and an area
light, a camera that orbits the objects, and a cube that spins, so every frame differs.
Cycles, fixed seed, denoising off: the same frame renders to the same pixels every time.
"""

import math
import sys

import bpy


def parse_out_path() -> str:
    argv = sys.argv
    if "--" not in argv or len(argv) <= argv.index("--") + 1:
        raise SystemExit("usage: blender -b -Y --factory-startup --python make-sample.py -- <out.blend>")
    return argv[argv.index("--") + 1]


def clear_scene() -> None:
    for obj in list(bpy.data.objects):
        bpy.data.objects.remove(obj, do_unlink=True)
    for collection in (bpy.data.meshes, bpy.data.materials, bpy.data.lights, bpy.data.cameras):
        for block in list(collection):
            collection.remove(block)


def material(name: str, color: tuple, roughness: float, metallic: float = 0.0, emission: float = 0.0):
    mat = bpy.data.materials.new(name)
    mat.use_nodes = True
    bsdf = mat.node_tree.nodes["Principled BSDF"]
    bsdf.inputs["Base Color"].default_value = (*color, 1.0)
    bsdf.inputs["Roughness"].default_value = roughness
    bsdf.inputs["Metallic"].default_value = metallic
    if emission > 0:
        bsdf.inputs["Emission"].default_value = (*color, 1.0)
        bsdf.inputs["Emission Strength"].default_value = emission
    return mat


def add(obj_op, name: str, mat, **kwargs):
    obj_op(**kwargs)
    obj = bpy.context.active_object
    obj.name = name
    obj.data.materials.append(mat)
    return obj


def build(out_path: str) -> None:
    clear_scene()
    scene = bpy.context.scene
    scene.name = "GridlightSample"

    floor = add(bpy.ops.mesh.primitive_plane_add, "Floor", material("Floor", (0.55, 0.55, 0.5), 0.6), size=20)
    floor.location = (0, 0, 0)

    cube = add(
        bpy.ops.mesh.primitive_cube_add,
        "Cube",
        material("Red", (0.8, 0.1, 0.08), 0.35),
        size=1.4,
        location=(-1.6, 0, 0.7),
    )
    add(
        bpy.ops.mesh.primitive_uv_sphere_add,
        "Sphere",
        material("Chrome", (0.9, 0.9, 0.95), 0.1, metallic=1.0),
        radius=0.8,
        location=(0.6, 0.9, 0.8),
        segments=48,
        ring_count=24,
    )
    bpy.ops.object.shade_smooth()
    add(
        bpy.ops.mesh.primitive_cylinder_add,
        "Lamp",
        material("Glow", (0.2, 0.6, 1.0), 0.5, emission=3.0),
        radius=0.35,
        depth=1.6,
        location=(1.4, -1.0, 0.8),
    )

    # The cube spins a full turn and bobs over the 48 frames.
    for frame, angle, z in ((1, 0.0, 0.7), (24, math.pi, 1.2), (48, 2 * math.pi, 0.7)):
        cube.rotation_euler = (0.0, 0.0, angle)
        cube.location.z = z
        cube.keyframe_insert("rotation_euler", frame=frame)
        cube.keyframe_insert("location", frame=frame)

    bpy.ops.object.light_add(type="SUN", location=(4, -4, 8))
    sun = bpy.context.active_object
    sun.data.energy = 3.0
    sun.rotation_euler = (math.radians(40), 0, math.radians(35))
    bpy.ops.object.light_add(type="AREA", location=(-3, -2, 4))
    area = bpy.context.active_object
    area.data.energy = 300.0
    area.data.size = 2.0

    # The camera orbits the centre, always looking at an empty there.
    bpy.ops.object.empty_add(location=(0, 0, 0.6))
    target = bpy.context.active_object
    target.name = "Target"
    bpy.ops.object.camera_add()
    camera = bpy.context.active_object
    scene.camera = camera
    track = camera.constraints.new("TRACK_TO")
    track.target = target
    track.track_axis = "TRACK_NEGATIVE_Z"
    track.up_axis = "UP_Y"
    for frame in (1, 12, 24, 36, 48):
        theta = math.radians(-90 + (frame - 1) * 90 / 47)
        camera.location = (8.5 * math.cos(theta), 8.5 * math.sin(theta), 4.0)
        camera.keyframe_insert("location", frame=frame)

    world = scene.world or bpy.data.worlds.new("World")
    scene.world = world
    world.use_nodes = True
    world.node_tree.nodes["Background"].inputs["Color"].default_value = (0.05, 0.07, 0.1, 1.0)

    scene.frame_start = 1
    scene.frame_end = 48
    scene.render.engine = "CYCLES"
    scene.render.resolution_x = 320
    scene.render.resolution_y = 180
    scene.render.resolution_percentage = 100
    scene.render.dither_intensity = 0.0
    scene.cycles.device = "CPU"
    scene.cycles.samples = 16
    scene.cycles.seed = 0
    scene.cycles.use_animated_seed = False
    scene.cycles.use_adaptive_sampling = False
    scene.cycles.use_denoising = False
    for layer in scene.view_layers:
        layer.cycles.use_denoising = False
    scene.render.image_settings.file_format = "PNG"
    scene.render.image_settings.color_mode = "RGBA"
    scene.render.image_settings.color_depth = "8"

    bpy.ops.wm.save_as_mainfile(filepath=out_path, compress=False)
    print(f"GRIDLIGHT_SAMPLE_SAVED {out_path}", flush=True)


build(parse_out_path())
