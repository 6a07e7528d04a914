/* Placeholder translation unit for a layer whose folder has no modules yet. */
typedef int kiosk_empty_translation_unit;
