package s3ish.storage;

import s3ish.bus.StorageMessages.ObjectInfo;

/** An object upload: commit makes the object visible, subject to the write conditions. */
public interface ObjectWriter extends BodyWriter<ObjectInfo> {}
