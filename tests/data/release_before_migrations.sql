PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE user (
	id INTEGER NOT NULL, 
	username VARCHAR(80) NOT NULL, 
	password_hash VARCHAR(256) NOT NULL, 
	role VARCHAR(20) NOT NULL, 
	unit VARCHAR(200), 
	active BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (username)
);
INSERT INTO user VALUES(1,'wang','scrypt:32768:8:1$OxaKjLhvb9Nida6R$412772296a64b3df464f3f9c9665129493223600fe3bcfa266e1906baf02bfae7c81530ef0aa49a6ac9751177e5c12a7098a1425d78789e1e068a7793d49be87','admin',NULL,1);
INSERT INTO user VALUES(2,'li','scrypt:32768:8:1$a7pzfLqENP8XGTUA$469b5bf585f9d3edd11f1ce2083b9c0b5a34cadd37f2d46d113dfeb2a2b9755a24e09df98dbb8dcc61ea83d61815cb2ee77162dc7a18cb052ae74f0fa962a5c1','editor','县住建局',1);
CREATE TABLE layer_info (
	name VARCHAR(40) NOT NULL, 
	source_file VARCHAR(400) NOT NULL, 
	feature_count INTEGER NOT NULL, 
	revision INTEGER NOT NULL, 
	stamp VARCHAR(64) NOT NULL, 
	loaded_at DATETIME NOT NULL, 
	PRIMARY KEY (name)
);
INSERT INTO layer_info VALUES('sewage_plants','/work/main/data/shapefiles/sewage_plants.geojson',12,2,'c5c1ec5ca18847bb888675bed35890ac','2026-12-02 00:40:45.296306');
CREATE TABLE feature (
	pk INTEGER NOT NULL, 
	layer VARCHAR(40) NOT NULL, 
	fid VARCHAR(80) NOT NULL, 
	position INTEGER NOT NULL, 
	properties JSON NOT NULL, 
	geometry JSON NOT NULL, 
	version INTEGER NOT NULL, 
	PRIMARY KEY (pk), 
	UNIQUE (layer, fid)
);
INSERT INTO feature VALUES(15,'sewage_plants','wwtp-urban',0,'{"id": "wwtp-urban", "name_zh": "\u5c06\u4e50\u53bf\u57ce\u5e02\u6c61\u6c34\u5904\u7406\u5382", "name_en": "Jiangle Urban Sewage Treatment Plant", "township_code": "350428100", "kind": "urban", "status": "operating", "capacity_m3d": 20000, "load_rate": 0.8, "target_load_rate": 85.0, "deadline": "2014-12-31", "pipe_km": 6.0, "responsible_unit": "\u53bf\u4f4f\u5efa\u5c40", "updated_at": "2014-07-01", "source": "sample data: approximate position near the township seat on the river side; figures illustrative", "accuracy": "approximate", "progress_note": "\u6708\u62a5"}','{"type": "Point", "coordinates": [117.487661, 26.732648]}',2);
INSERT INTO feature VALUES(16,'sewage_plants','wwtp-gaotang',1,'{"id": "wwtp-gaotang", "name_zh": "\u9ad8\u5510\u9547\u6c61\u6c34\u5904\u7406\u5382", "name_en": "Gaotang Town Sewage Treatment Plant", "township_code": "350428102", "kind": "township", "status": "operating", "capacity_m3d": 1000, "load_rate": 62.0, "target_load_rate": 60.0, "deadline": "2014-06-30", "pipe_km": 4.5, "responsible_unit": "\u9ad8\u5510\u9547\u4eba\u6c11\u653f\u5e9c", "updated_at": "2014-05-16", "source": "sample data: approximate position near the township seat on the river side; figures illustrative", "accuracy": "approximate"}','{"type": "Point", "coordinates": [117.594102, 26.796005]}',1);
INSERT INTO feature VALUES(17,'sewage_plants','wwtp-bailian',2,'{"id": "wwtp-bailian", "name_zh": "\u767d\u83b2\u9547\u6c61\u6c34\u5904\u7406\u5382", "name_en": "Bailian Town Sewage Treatment Plant", "township_code": "350428103", "kind": "township", "status": "commissioning", "capacity_m3d": 800, "load_rate": null, "target_load_rate": 60.0, "deadline": "2014-06-30", "pipe_km": 3.8, "responsible_unit": "\u767d\u83b2\u9547\u4eba\u6c11\u653f\u5e9c", "updated_at": "2014-05-18", "source": "sample data: approximate position near the township seat on the river side; figures illustrative", "accuracy": "approximate"}','{"type": "Point", "coordinates": [117.383813, 26.513485]}',1);
INSERT INTO feature VALUES(18,'sewage_plants','wwtp-huangtan',3,'{"id": "wwtp-huangtan", "name_zh": "\u9ec4\u6f6d\u9547\u6c61\u6c34\u5904\u7406\u5382", "name_en": "Huangtan Town Sewage Treatment Plant", "township_code": "350428104", "kind": "township", "status": "under_construction", "capacity_m3d": 800, "load_rate": null, "target_load_rate": 60.0, "deadline": "2014-06-30", "pipe_km": 3.2, "responsible_unit": "\u9ec4\u6f6d\u9547\u4eba\u6c11\u653f\u5e9c", "updated_at": "2014-05-12", "source": "sample data: approximate position near the township seat on the river side; figures illustrative", "accuracy": "approximate"}','{"type": "Point", "coordinates": [117.317896, 26.680938]}',1);
INSERT INTO feature VALUES(19,'sewage_plants','wwtp-wanquan',4,'{"id": "wwtp-wanquan", "name_zh": "\u4e07\u5168\u4e61\u6c61\u6c34\u5904\u7406\u5382", "name_en": "Wanquan Township Sewage Treatment Plant", "township_code": "350428203", "kind": "township", "status": "planned", "capacity_m3d": 500, "load_rate": null, "target_load_rate": 60.0, "deadline": "2014-06-30", "pipe_km": 2.5, "responsible_unit": "\u4e07\u5168\u4e61\u4eba\u6c11\u653f\u5e9c", "updated_at": "2014-05-09", "source": "sample data: approximate position near the township seat on the river side; figures illustrative", "accuracy": "approximate"}','{"type": "Point", "coordinates": [117.1889, 26.683429]}',1);
INSERT INTO feature VALUES(20,'sewage_plants','wwtp-yufang',5,'{"id": "wwtp-yufang", "name_zh": "\u4f59\u574a\u4e61\u6c61\u6c34\u5904\u7406\u5382", "name_en": "Yufang Township Sewage Treatment Plant", "township_code": "350428206", "kind": "township", "status": "under_construction", "capacity_m3d": 500, "load_rate": null, "target_load_rate": 60.0, "deadline": "2014-06-30", "pipe_km": 2.4, "responsible_unit": "\u4f59\u574a\u4e61\u4eba\u6c11\u653f\u5e9c", "updated_at": "2014-05-14", "source": "sample data: approximate position near the township seat on the river side; figures illustrative", "accuracy": "approximate"}','{"type": "Point", "coordinates": [117.260846, 26.89947]}',1);
INSERT INTO feature VALUES(21,'sewage_plants','wwtp-dayuan',6,'{"id": "wwtp-dayuan", "name_zh": "\u5927\u6e90\u4e61\u6c61\u6c34\u5904\u7406\u5382", "name_en": "Dayuan Township Sewage Treatment Plant", "township_code": "350428205", "kind": "township", "status": "commissioning", "capacity_m3d": 500, "load_rate": null, "target_load_rate": 60.0, "deadline": "2014-06-30", "pipe_km": 2.6, "responsible_unit": "\u5927\u6e90\u4e61\u4eba\u6c11\u653f\u5e9c", "updated_at": "2014-05-19", "source": "sample data: approximate position near the township seat on the river side; figures illustrative", "accuracy": "approximate"}','{"type": "Point", "coordinates": [117.379755, 26.937475]}',1);
INSERT INTO feature VALUES(22,'sewage_plants','wwtp-guangming',7,'{"id": "wwtp-guangming", "name_zh": "\u5149\u660e\u9547\u6c61\u6c34\u5904\u7406\u5382", "name_en": "Guangming Town Sewage Treatment Plant", "township_code": "350428106", "kind": "township", "status": "operating", "capacity_m3d": 600, "load_rate": 55.0, "target_load_rate": 60.0, "deadline": "2014-06-30", "pipe_km": 3.0, "responsible_unit": "\u5149\u660e\u9547\u4eba\u6c11\u653f\u5e9c", "updated_at": "2014-05-15", "source": "sample data: approximate position near the township seat on the river side; figures illustrative", "accuracy": "approximate"}','{"type": "Point", "coordinates": [117.395957, 26.792055]}',1);
INSERT INTO feature VALUES(23,'sewage_plants','wwtp-nankou',8,'{"id": "wwtp-nankou", "name_zh": "\u5357\u53e3\u9547\u6c61\u6c34\u5904\u7406\u5382", "name_en": "Nankou Town Sewage Treatment Plant", "township_code": "350428107", "kind": "township", "status": "under_construction", "capacity_m3d": 1000, "load_rate": null, "target_load_rate": 60.0, "deadline": "2014-06-30", "pipe_km": 4.0, "responsible_unit": "\u5357\u53e3\u9547\u4eba\u6c11\u653f\u5e9c", "updated_at": "2014-05-20", "source": "sample data: approximate position near the township seat on the river side; figures illustrative", "accuracy": "approximate"}','{"type": "Point", "coordinates": [117.419503, 26.6296]}',1);
INSERT INTO feature VALUES(24,'sewage_plants','wwtp-wanan',9,'{"id": "wwtp-wanan", "name_zh": "\u4e07\u5b89\u9547\u6c61\u6c34\u5904\u7406\u5382", "name_en": "Wan''an Town Sewage Treatment Plant", "township_code": "350428101", "kind": "township", "status": "operating", "capacity_m3d": 1000, "load_rate": 71.0, "target_load_rate": 60.0, "deadline": null, "pipe_km": 5.0, "responsible_unit": "\u4e07\u5b89\u9547\u4eba\u6c11\u653f\u5e9c", "updated_at": "2014-04-28", "source": "sample data: approximate position near the township seat on the river side; figures illustrative", "accuracy": "approximate"}','{"type": "Point", "coordinates": [117.422986, 26.892426]}',1);
INSERT INTO feature VALUES(25,'sewage_plants','wwtp-anren',10,'{"id": "wwtp-anren", "name_zh": "\u5b89\u4ec1\u4e61\u6c61\u6c34\u5904\u7406\u5382", "name_en": "Anren Township Sewage Treatment Plant", "township_code": "350428204", "kind": "township", "status": "operating", "capacity_m3d": 500, "load_rate": 58.0, "target_load_rate": 60.0, "deadline": null, "pipe_km": 2.8, "responsible_unit": "\u5b89\u4ec1\u4e61\u4eba\u6c11\u653f\u5e9c", "updated_at": "2014-04-25", "source": "sample data: approximate position near the township seat on the river side; figures illustrative", "accuracy": "approximate"}','{"type": "Point", "coordinates": [117.437695, 26.966583]}',1);
INSERT INTO feature VALUES(26,'sewage_plants','wwtp-moyuan',11,'{"id": "wwtp-moyuan", "name_zh": "\u6f20\u6e90\u4e61\u6c61\u6c34\u5904\u7406\u5382", "name_en": "Moyuan Township Sewage Treatment Plant", "township_code": "350428201", "kind": "township", "status": "operating", "capacity_m3d": 300, "load_rate": 66.0, "target_load_rate": 60.0, "deadline": null, "pipe_km": 1.9, "responsible_unit": "\u6f20\u6e90\u4e61\u4eba\u6c11\u653f\u5e9c", "updated_at": "2014-04-30", "source": "sample data: approximate position near the township seat on the river side; figures illustrative", "accuracy": "approximate"}','{"type": "Point", "coordinates": [117.54974, 26.682822]}',1);
CREATE TABLE layer_import (
	id INTEGER NOT NULL, 
	layer VARCHAR(40) NOT NULL, 
	file_name VARCHAR(400) NOT NULL, 
	feature_count INTEGER NOT NULL, 
	previous_count INTEGER NOT NULL, 
	revision INTEGER NOT NULL, 
	imported_by VARCHAR(80) NOT NULL, 
	imported_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE layer_revision (
	id INTEGER NOT NULL, 
	layer VARCHAR(40) NOT NULL, 
	number INTEGER NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	rollback_of INTEGER, 
	source_file VARCHAR(400) NOT NULL, 
	file_name VARCHAR(400) NOT NULL, 
	feature_count INTEGER NOT NULL, 
	created_by VARCHAR(80) NOT NULL, 
	created_at DATETIME NOT NULL, 
	stamp VARCHAR(64) NOT NULL, 
	content JSON NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (layer, number)
);
INSERT INTO layer_revision VALUES(3,'sewage_plants',1,'import',NULL,'/work/main/data/shapefiles/sewage_plants.geojson','sewage_plants.geojson',12,'init-db','2026-12-02 00:40:45.292705','1a3fb8e968a281fa49fc1bab791bd4915a70716c5d7fdba75c2e7d4e0d930a48','{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "wwtp-urban", "name_zh": "\u5c06\u4e50\u53bf\u57ce\u5e02\u6c61\u6c34\u5904\u7406\u5382", "name_en": "Jiangle Urban Sewage Treatment Plant", "township_code": "350428100", "kind": "urban", "status": "operating", "capacity_m3d": 20000, "load_rate": 78.0, "target_load_rate": 85.0, "deadline": "2014-12-31", "pipe_km": 6.0, "responsible_unit": "\u53bf\u4f4f\u5efa\u5c40", "updated_at": "2014-05-20", "source": "sample data: approximate position near the township seat on the river side; figures illustrative", "accuracy": "approximate"}, "geometry": {"type": "Point", "coordinates": [117.487661, 26.732648]}}, {"type": "Feature", "properties": {"id": "wwtp-gaotang", "name_zh": "\u9ad8\u5510\u9547\u6c61\u6c34\u5904\u7406\u5382", "name_en": "Gaotang Town Sewage Treatment Plant", "township_code": "350428102", "kind": "township", "status": "operating", "capacity_m3d": 1000, "load_rate": 62.0, "target_load_rate": 60.0, "deadline": "2014-06-30", "pipe_km": 4.5, "responsible_unit": "\u9ad8\u5510\u9547\u4eba\u6c11\u653f\u5e9c", "updated_at": "2014-05-16", "source": "sample data: approximate position near the township seat on the river side; figures illustrative", "accuracy": "approximate"}, "geometry": {"type": "Point", "coordinates": [117.594102, 26.796005]}}, {"type": "Feature", "properties": {"id": "wwtp-bailian", "name_zh": "\u767d\u83b2\u9547\u6c61\u6c34\u5904\u7406\u5382", "name_en": "Bailian Town Sewage Treatment Plant", "township_code": "350428103", "kind": "township", "status": "commissioning", "capacity_m3d": 800, "load_rate": null, "target_load_rate": 60.0, "deadline": "2014-06-30", "pipe_km": 3.8, "responsible_unit": "\u767d\u83b2\u9547\u4eba\u6c11\u653f\u5e9c", "updated_at": "2014-05-18", "source": "sample data: approximate position near the township seat on the river side; figures illustrative", "accuracy": "approximate"}, "geometry": {"type": "Point", "coordinates": [117.383813, 26.513485]}}, {"type": "Feature", "properties": {"id": "wwtp-huangtan", "name_zh": "\u9ec4\u6f6d\u9547\u6c61\u6c34\u5904\u7406\u5382", "name_en": "Huangtan Town Sewage Treatment Plant", "township_code": "350428104", "kind": "township", "status": "under_construction", "capacity_m3d": 800, "load_rate": null, "target_load_rate": 60.0, "deadline": "2014-06-30", "pipe_km": 3.2, "responsible_unit": "\u9ec4\u6f6d\u9547\u4eba\u6c11\u653f\u5e9c", "updated_at": "2014-05-12", "source": "sample data: approximate position near the township seat on the river side; figures illustrative", "accuracy": "approximate"}, "geometry": {"type": "Point", "coordinates": [117.317896, 26.680938]}}, {"type": "Feature", "properties": {"id": "wwtp-wanquan", "name_zh": "\u4e07\u5168\u4e61\u6c61\u6c34\u5904\u7406\u5382", "name_en": "Wanquan Township Sewage Treatment Plant", "township_code": "350428203", "kind": "township", "status": "planned", "capacity_m3d": 500, "load_rate": null, "target_load_rate": 60.0, "deadline": "2014-06-30", "pipe_km": 2.5, "responsible_unit": "\u4e07\u5168\u4e61\u4eba\u6c11\u653f\u5e9c", "updated_at": "2014-05-09", "source": "sample data: approximate position near the township seat on the river side; figures illustrative", "accuracy": "approximate"}, "geometry": {"type": "Point", "coordinates": [117.1889, 26.683429]}}, {"type": "Feature", "properties": {"id": "wwtp-yufang", "name_zh": "\u4f59\u574a\u4e61\u6c61\u6c34\u5904\u7406\u5382", "name_en": "Yufang Township Sewage Treatment Plant", "township_code": "350428206", "kind": "township", "status": "under_construction", "capacity_m3d": 500, "load_rate": null, "target_load_rate": 60.0, "deadline": "2014-06-30", "pipe_km": 2.4, "responsible_unit": "\u4f59\u574a\u4e61\u4eba\u6c11\u653f\u5e9c", "updated_at": "2014-05-14", "source": "sample data: approximate position near the township seat on the river side; figures illustrative", "accuracy": "approximate"}, "geometry": {"type": "Point", "coordinates": [117.260846, 26.89947]}}, {"type": "Feature", "properties": {"id": "wwtp-dayuan", "name_zh": "\u5927\u6e90\u4e61\u6c61\u6c34\u5904\u7406\u5382", "name_en": "Dayuan Township Sewage Treatment Plant", "township_code": "350428205", "kind": "township", "status": "commissioning", "capacity_m3d": 500, "load_rate": null, "target_load_rate": 60.0, "deadline": "2014-06-30", "pipe_km": 2.6, "responsible_unit": "\u5927\u6e90\u4e61\u4eba\u6c11\u653f\u5e9c", "updated_at": "2014-05-19", "source": "sample data: approximate position near the township seat on the river side; figures illustrative", "accuracy": "approximate"}, "geometry": {"type": "Point", "coordinates": [117.379755, 26.937475]}}, {"type": "Feature", "properties": {"id": "wwtp-guangming", "name_zh": "\u5149\u660e\u9547\u6c61\u6c34\u5904\u7406\u5382", "name_en": "Guangming Town Sewage Treatment Plant", "township_code": "350428106", "kind": "township", "status": "operating", "capacity_m3d": 600, "load_rate": 55.0, "target_load_rate": 60.0, "deadline": "2014-06-30", "pipe_km": 3.0, "responsible_unit": "\u5149\u660e\u9547\u4eba\u6c11\u653f\u5e9c", "updated_at": "2014-05-15", "source": "sample data: approximate position near the township seat on the river side; figures illustrative", "accuracy": "approximate"}, "geometry": {"type": "Point", "coordinates": [117.395957, 26.792055]}}, {"type": "Feature", "properties": {"id": "wwtp-nankou", "name_zh": "\u5357\u53e3\u9547\u6c61\u6c34\u5904\u7406\u5382", "name_en": "Nankou Town Sewage Treatment Plant", "township_code": "350428107", "kind": "township", "status": "under_construction", "capacity_m3d": 1000, "load_rate": null, "target_load_rate": 60.0, "deadline": "2014-06-30", "pipe_km": 4.0, "responsible_unit": "\u5357\u53e3\u9547\u4eba\u6c11\u653f\u5e9c", "updated_at": "2014-05-20", "source": "sample data: approximate position near the township seat on the river side; figures illustrative", "accuracy": "approximate"}, "geometry": {"type": "Point", "coordinates": [117.419503, 26.6296]}}, {"type": "Feature", "properties": {"id": "wwtp-wanan", "name_zh": "\u4e07\u5b89\u9547\u6c61\u6c34\u5904\u7406\u5382", "name_en": "Wan''an Town Sewage Treatment Plant", "township_code": "350428101", "kind": "township", "status": "operating", "capacity_m3d": 1000, "load_rate": 71.0, "target_load_rate": 60.0, "deadline": null, "pipe_km": 5.0, "responsible_unit": "\u4e07\u5b89\u9547\u4eba\u6c11\u653f\u5e9c", "updated_at": "2014-04-28", "source": "sample data: approximate position near the township seat on the river side; figures illustrative", "accuracy": "approximate"}, "geometry": {"type": "Point", "coordinates": [117.422986, 26.892426]}}, {"type": "Feature", "properties": {"id": "wwtp-anren", "name_zh": "\u5b89\u4ec1\u4e61\u6c61\u6c34\u5904\u7406\u5382", "name_en": "Anren Township Sewage Treatment Plant", "township_code": "350428204", "kind": "township", "status": "operating", "capacity_m3d": 500, "load_rate": 58.0, "target_load_rate": 60.0, "deadline": null, "pipe_km": 2.8, "responsible_unit": "\u5b89\u4ec1\u4e61\u4eba\u6c11\u653f\u5e9c", "updated_at": "2014-04-25", "source": "sample data: approximate position near the township seat on the river side; figures illustrative", "accuracy": "approximate"}, "geometry": {"type": "Point", "coordinates": [117.437695, 26.966583]}}, {"type": "Feature", "properties": {"id": "wwtp-moyuan", "name_zh": "\u6f20\u6e90\u4e61\u6c61\u6c34\u5904\u7406\u5382", "name_en": "Moyuan Township Sewage Treatment Plant", "township_code": "350428201", "kind": "township", "status": "operating", "capacity_m3d": 300, "load_rate": 66.0, "target_load_rate": 60.0, "deadline": null, "pipe_km": 1.9, "responsible_unit": "\u6f20\u6e90\u4e61\u4eba\u6c11\u653f\u5e9c", "updated_at": "2014-04-30", "source": "sample data: approximate position near the township seat on the river side; figures illustrative", "accuracy": "approximate"}, "geometry": {"type": "Point", "coordinates": [117.54974, 26.682822]}}]}');
CREATE TABLE facility_change (
	id INTEGER NOT NULL, 
	plant_id VARCHAR(80) NOT NULL, 
	field VARCHAR(40) NOT NULL, 
	old JSON, 
	new JSON, 
	note TEXT NOT NULL, 
	effective VARCHAR(10) NOT NULL, 
	version INTEGER NOT NULL, 
	changed_by VARCHAR(80) NOT NULL, 
	changed_at DATETIME NOT NULL, 
	batch VARCHAR(40) NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO facility_change VALUES(1,'wwtp-urban','load_rate',78,0.8000000000000000444,'月报','2014-07-01',2,'wang','2026-12-02 00:40:47.643908','edit-20261202004047643858');
INSERT INTO facility_change VALUES(2,'wwtp-urban','progress_note','null','"\u6708\u62a5"','月报','2014-07-01',2,'wang','2026-12-02 00:40:47.643908','edit-20261202004047643858');
INSERT INTO facility_change VALUES(3,'wwtp-urban','updated_at','"2014-05-20"','"2014-07-01"','月报','2014-07-01',2,'wang','2026-12-02 00:40:47.643908','edit-20261202004047643858');
CREATE TABLE IF NOT EXISTS "plan" (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	sites JSON NOT NULL, 
	locked JSON NOT NULL, 
	start JSON NOT NULL, 
	"end" JSON, 
	depart VARCHAR(16) NOT NULL, 
	day_start VARCHAR(5) NOT NULL, 
	day_end VARCHAR(5) NOT NULL, 
	lunch JSON NOT NULL, 
	max_days INTEGER NOT NULL, 
	quota_min INTEGER NOT NULL, 
	quota_max INTEGER NOT NULL, 
	status VARCHAR(10) NOT NULL, 
	version INTEGER NOT NULL, 
	created_by VARCHAR(80) NOT NULL, 
	updated_by VARCHAR(80) NOT NULL, 
	updated_at DATETIME NOT NULL, 
	deleted_at DATETIME, 
	PRIMARY KEY (id)
);
INSERT INTO "plan" VALUES(1,'2014 验收方案','["stop-350428100-01", "stop-350428100-02", "stop-350428100-03"]','[]','"place-gov"',NULL,'2014-10-20T08:30','08:30','17:30','{"from": "11:30", "to": "13:30", "minutes": 60}',5,2,3,'draft',2,'wang','wang','2026-12-02 00:40:47.597194',NULL);
INSERT INTO "plan" VALUES(2,'副本 B','["stop-350428100-01", "stop-350428100-02", "stop-350428100-03"]','[]','"place-gov"','null','2014-10-20T08:30','08:30','17:30','{"from": "11:30", "to": "13:30", "minutes": 60}',5,2,3,'draft',2,'wang','wang','2026-12-02 00:40:47.620379','2026-12-02 00:40:47.620379');
CREATE TABLE login_state (
	user_id INTEGER NOT NULL, 
	generation INTEGER NOT NULL, 
	failures INTEGER NOT NULL, 
	locked_until DATETIME, 
	PRIMARY KEY (user_id), 
	FOREIGN KEY(user_id) REFERENCES user (id)
);
INSERT INTO login_state VALUES(2,0,1,NULL);
CREATE TABLE plan_change (
	id INTEGER NOT NULL, 
	plan_id INTEGER NOT NULL, 
	version INTEGER NOT NULL, 
	action VARCHAR(20) NOT NULL, 
	username VARCHAR(80) NOT NULL, 
	at DATETIME NOT NULL, 
	changes JSON NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(plan_id) REFERENCES "plan" (id) ON DELETE CASCADE
);
INSERT INTO plan_change VALUES(1,1,1,'created','wang','2026-12-02 00:40:47.224901','{}');
INSERT INTO plan_change VALUES(2,1,2,'updated','wang','2026-12-02 00:40:47.597194','{"sites": {"added": ["stop-350428100-01", "stop-350428100-02", "stop-350428100-03"], "removed": []}}');
INSERT INTO plan_change VALUES(3,2,1,'copied','wang','2026-12-02 00:40:47.613733','{"copied_from": {"id": 1, "version": 2}}');
INSERT INTO plan_change VALUES(4,2,2,'deleted','wang','2026-12-02 00:40:47.620379','{"last_state": {"name": "\u526f\u672c B", "sites": ["stop-350428100-01", "stop-350428100-02", "stop-350428100-03"], "locked": [], "status": "draft", "start": "place-gov", "end": null, "depart": "2014-10-20T08:30", "day_start": "08:30", "day_end": "17:30", "lunch": {"from": "11:30", "to": "13:30", "minutes": 60}, "max_days": 5, "quota_min": 2, "quota_max": 3}}');
CREATE TABLE cleanup_task_status (
	plan_id INTEGER NOT NULL, 
	"key" VARCHAR(40) NOT NULL, 
	status VARCHAR(10) NOT NULL, 
	note TEXT NOT NULL, 
	version INTEGER NOT NULL, 
	updated_by VARCHAR(80) NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (plan_id, "key"), 
	FOREIGN KEY(plan_id) REFERENCES "plan" (id)
);
INSERT INTO cleanup_task_status VALUES(1,'road-abc123','done','已清理',1,'wang','2026-12-02 00:40:47.626180');
CREATE INDEX ix_feature_layer ON feature (layer);
CREATE INDEX ix_layer_import_layer ON layer_import (layer);
CREATE INDEX ix_layer_revision_layer ON layer_revision (layer);
CREATE INDEX ix_facility_change_plant_id ON facility_change (plant_id);
CREATE INDEX ix_plan_change_plan_id ON plan_change (plan_id);
COMMIT;
