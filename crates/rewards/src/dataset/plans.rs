//! The furniture list of each room type, most essential piece first: a small room stops after the
//! first few, a big one goes on down the list. The door is on wall `B`, so pieces that want a
//! wall go to `T`, `L` or `R`.

use super::furnish::Furnisher;
use super::room_type::RoomType;

/// Furnishes `f` as a room of this type.
pub(super) fn furnish(f: &mut Furnisher, room: RoomType) {
    match room {
        RoomType::Bedroom => bedroom(f),
        RoomType::LivingRoom => living_room(f),
        RoomType::Kitchen => kitchen(f),
        RoomType::DiningRoom => dining_room(f),
        RoomType::Office => office(f),
        RoomType::Library => library(f),
        RoomType::Bathroom => bathroom(f),
        RoomType::Classroom => classroom(f),
        RoomType::Cafe => cafe(f),
        RoomType::Studio => studio(f),
        RoomType::Playroom => playroom(f),
        RoomType::MusicRoom => music_room(f),
        RoomType::Room => room_fallback(f),
    }
    f.ensure_two();
}

/// The largest bed the floor area suggests, else smaller ones.
fn beds(area_m2: f64) -> &'static [&'static str] {
    if area_m2 >= 16.0 {
        &["bed_queen", "bed_double", "bed_single"]
    } else if area_m2 >= 11.0 {
        &["bed_double", "bed_single"]
    } else {
        &["bed_single"]
    }
}

/// The largest sofa the floor area suggests, else smaller ones.
fn sofas(area_m2: f64) -> &'static [&'static str] {
    if area_m2 >= 30.0 {
        &["sofa_sectional", "sofa_3seat", "sofa_2seat"]
    } else if area_m2 >= 15.0 {
        &["sofa_3seat", "sofa_2seat"]
    } else {
        &["sofa_2seat"]
    }
}

fn bedroom(f: &mut Furnisher) {
    let bed = f.add_first(beds(f.area_m2()));
    f.against_wall(&bed, "T");
    let left = f.add("nightstand");
    f.beside(&left, &bed, true);
    if let Some(stand) = &left {
        let _ = f.add_on("table_lamp", stand);
    }
    let wardrobe = f.add("wardrobe");
    f.against_wall(&wardrobe, "L");
    let right = f.add("nightstand");
    f.beside(&right, &bed, false);
    let dresser = f.add("dresser");
    f.against_wall(&dresser, "R");
    let desk = f.add("desk");
    f.against_wall(&desk, "R");
    let chair = desk.as_ref().and_then(|_| f.add("office_chair"));
    f.seat_at(&chair, &desk);
    let tv = f.add_on_wall("tv_wall", "B");
    f.facing(&bed, &tv);
    let _ = f.add("armchair");
    let _ = f.add("potted_plant");
    let _ = f.add("floor_lamp");
}

fn living_room(f: &mut Furnisher) {
    let sofa = f.add_first(sofas(f.area_m2()));
    f.against_wall(&sofa, "L");
    let tv = f.add_on_wall("tv_wall", "R");
    f.facing(&sofa, &tv);
    let table = f.add("coffee_table");
    f.in_front(&table, &sofa, 0.4);
    let armchair = f.add("armchair");
    f.facing(&armchair, &table);
    let side = f.add("side_table");
    f.beside(&side, &sofa, false);
    if let Some(side) = &side {
        let _ = f.add_on("table_lamp", side);
    }
    let shelf = f.add("bookshelf");
    f.against_wall(&shelf, "T");
    let _ = f.add("floor_lamp");
    let _ = f.add("potted_plant");
    let second = f.add("armchair");
    f.facing(&second, &table);
    let _ = f.add("potted_plant");
}

fn kitchen(f: &mut Furnisher) {
    // The cooking pieces first: a small kitchen gets a stove and a fridge before a counter.
    let stove = f.add("stove");
    f.against_wall(&stove, "T");
    let fridge = f.add("fridge");
    f.against_wall(&fridge, "T");
    let counter = f.add("kitchen_counter");
    f.against_wall(&counter, "T");
    f.beside(&fridge, &counter, true);
    f.beside(&stove, &counter, false);
    let second = f.add("kitchen_counter");
    f.against_wall(&second, "L");
    let table = f.add("dining_table_round");
    let seats = [
        table.as_ref().and_then(|_| f.add("dining_chair")),
        table.as_ref().and_then(|_| f.add("dining_chair")),
    ];
    f.around(&seats, &table);
    let _ = f.add("bar_stool");
    let _ = f.add("potted_plant");
}

fn dining_room(f: &mut Furnisher) {
    let (table_id, chairs) = if f.area_m2() >= 12.0 {
        ("dining_table_rect", 6)
    } else {
        ("dining_table_round", 4)
    };
    let table = f.add_first(&[table_id, "dining_table_round"]);
    let mut seats = vec![];
    if table.is_some() {
        for _ in 0..chairs {
            seats.push(f.add("dining_chair"));
        }
    }
    f.around(&seats, &table);
    let sideboard = f.add("dresser");
    f.against_wall(&sideboard, "T");
    let _ = f.add("potted_plant");
    let _ = f.add("floor_lamp");
    let shelf = f.add("bookshelf");
    f.against_wall(&shelf, "L");
}

fn office(f: &mut Furnisher) {
    let desk = f.add("desk");
    f.against_wall(&desk, "T");
    let chair = desk.as_ref().and_then(|_| f.add("office_chair"));
    f.seat_at(&chair, &desk);
    let shelf = f.add("bookshelf");
    f.against_wall(&shelf, "L");
    if let Some(desk) = &desk {
        let _ = f.add_on("table_lamp", desk);
    }
    let _ = f.add("potted_plant");
    let second = f.add("desk");
    f.against_wall(&second, "R");
    let second_chair = second.as_ref().and_then(|_| f.add("office_chair"));
    f.seat_at(&second_chair, &second);
    let _ = f.add_on_wall("whiteboard", "L");
    let _ = f.add("armchair");
    let _ = f.add("side_table");
    let shelf = f.add("bookshelf");
    f.against_wall(&shelf, "R");
}

fn library(f: &mut Furnisher) {
    let shelf = f.add("bookshelf");
    f.against_wall(&shelf, "L");
    let armchair = f.add("armchair");
    let shelf = f.add("bookshelf");
    f.against_wall(&shelf, "L");
    let side = f.add("side_table");
    f.beside(&side, &armchair, false);
    if let Some(side) = &side {
        let _ = f.add_on("table_lamp", side);
    }
    let shelf = f.add("bookshelf");
    f.against_wall(&shelf, "R");
    let _ = f.add("floor_lamp");
    let desk = f.add("desk");
    let chair = desk.as_ref().and_then(|_| f.add("office_chair"));
    f.seat_at(&chair, &desk);
    let shelf = f.add("bookshelf");
    f.against_wall(&shelf, "T");
    let _ = f.add("armchair");
    let _ = f.add("potted_plant");
}

fn bathroom(f: &mut Furnisher) {
    let toilet = f.add("toilet");
    f.against_wall(&toilet, "L");
    let basin = f.add("washbasin");
    f.against_wall(&basin, "T");
    let tub = f.add("bathtub");
    f.against_wall(&tub, "R");
    let _ = f.add("potted_plant");
    let _ = f.add("side_table");
    let _ = f.add("washbasin");
}

fn classroom(f: &mut Furnisher) {
    let board = f.add_on_wall("whiteboard", "T");
    let desk = f.add("desk");
    let chair = desk.as_ref().and_then(|_| f.add("office_chair"));
    f.seat_at(&chair, &desk);
    for _ in 0..5 {
        let desk = f.add("classroom_desk");
        let chair = desk.as_ref().and_then(|_| f.add("dining_chair"));
        f.seat_at(&chair, &desk);
        f.facing(&chair, &board);
    }
    let shelf = f.add("bookshelf");
    f.against_wall(&shelf, "L");
}

fn cafe(f: &mut Furnisher) {
    let counter = f.add("kitchen_counter");
    f.against_wall(&counter, "T");
    for _ in 0..3 {
        let table = f.add("dining_table_round");
        let seats = [
            table.as_ref().and_then(|_| f.add("dining_chair")),
            table.as_ref().and_then(|_| f.add("dining_chair")),
        ];
        f.around(&seats, &table);
    }
    let stool = f.add("bar_stool");
    f.in_front(&stool, &counter, 0.1);
    let _ = f.add("potted_plant");
}

fn studio(f: &mut Furnisher) {
    let bench = f.add("desk");
    f.against_wall(&bench, "T");
    let stool = bench.as_ref().and_then(|_| f.add("bar_stool"));
    f.in_front(&stool, &bench, 0.05);
    let shelf = f.add("bookshelf");
    f.against_wall(&shelf, "L");
    let _ = f.add("side_table");
    let _ = f.add("floor_lamp");
    let storage = f.add("dresser");
    f.against_wall(&storage, "R");
    let counter = f.add("kitchen_counter");
    f.against_wall(&counter, "R");
    let _ = f.add("potted_plant");
    let _ = f.add("armchair");
    let shelf = f.add("bookshelf");
    f.against_wall(&shelf, "L");
}

fn playroom(f: &mut Furnisher) {
    let shelf = f.add("bookshelf");
    f.against_wall(&shelf, "L");
    let desk = f.add("classroom_desk");
    let chair = desk.as_ref().and_then(|_| f.add("dining_chair"));
    f.seat_at(&chair, &desk);
    let sofa = f.add("sofa_2seat");
    f.against_wall(&sofa, "T");
    let _ = f.add("armchair");
    let _ = f.add("side_table");
    let tv = f.add_on_wall("tv_wall", "B");
    f.facing(&sofa, &tv);
    let _ = f.add("floor_lamp");
    let _ = f.add("potted_plant");
    let shelf = f.add("bookshelf");
    f.against_wall(&shelf, "L");
}

fn music_room(f: &mut Furnisher) {
    let piano = f.add("piano");
    f.against_wall(&piano, "T");
    let bench = piano.as_ref().and_then(|_| f.add("piano_bench"));
    f.seat_at(&bench, &piano);
    let stand = f.add("music_stand");
    let chair = f.add("dining_chair");
    f.facing(&chair, &stand);
    let shelf = f.add("bookshelf");
    f.against_wall(&shelf, "L");
    let _ = f.add("armchair");
    let sofa = f.add("sofa_2seat");
    f.against_wall(&sofa, "R");
    let _ = f.add("floor_lamp");
    let _ = f.add("potted_plant");
    let _ = f.add("music_stand");
}

fn room_fallback(f: &mut Furnisher) {
    let armchair = f.add("armchair");
    let side = f.add("side_table");
    f.beside(&side, &armchair, false);
    if let Some(side) = &side {
        let _ = f.add_on("table_lamp", side);
    }
    let sofa = f.add_first(sofas(f.area_m2()));
    f.against_wall(&sofa, "L");
    let table = f.add("coffee_table");
    f.in_front(&table, &sofa, 0.4);
    f.facing(&armchair, &table);
    let shelf = f.add("bookshelf");
    f.against_wall(&shelf, "T");
    let _ = f.add("potted_plant");
    let _ = f.add("floor_lamp");
    let second = f.add("armchair");
    f.facing(&second, &table);
    let side = f.add("side_table");
    f.beside(&side, &second, false);
    let _ = f.add("potted_plant");
    let shelf = f.add("bookshelf");
    f.against_wall(&shelf, "R");
}
